// A many-to-one sequence model: the same RecurrentStack as the character model (cells, layers, dropout, dense,
// one-hot or embedded input), read at the last step only. The top layer's h(T-1) goes through a Linear head,
// head.weight (O × H) and head.bias (O), to either O real values trained with the mean squared error, or logits
// over C classes trained with softmax cross-entropy: torch's nn.LSTM/GRU/RNN + nn.Linear applied to out[-1].
// Backward gives the head's gradient to the last step's rows of the stack's output gradient (the others stay
// zero) and lets the stack run BPTT through every step.
using System.Numerics;
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Recurrent stack + linear head on the last step + MSE (regression) or cross-entropy (classification).</summary>
public sealed class ManyToOneModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterInfo _headWeight, _headBias;

    /// <param name="spec">The stack and the head's size: OutputSize is O (regression) or C (classification).</param>
    /// <param name="head">What the head predicts and the loss it is trained on.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or classification has fewer than 2 classes.</exception>
    public ManyToOneModel(ModelSpec spec, HeadKind head)
    {
        Spec = spec.Validated();
        if (!Enum.IsDefined(head))
            throw new ArgumentOutOfRangeException(nameof(head), head, null);
        if (head == HeadKind.Classification && spec.OutputSize < 2)
            throw new ArgumentOutOfRangeException(nameof(spec), "Classification needs at least 2 classes.");
        Head = head;
        Parameters = new ParameterSet<T>(Layout(spec));
        Stack = new RecurrentStack<T>(spec, Parameters);
        _headWeight = Parameters[ParameterNames.HeadWeight];
        _headBias = Parameters[ParameterNames.HeadBias];
    }

    public ModelSpec Spec { get; }

    public HeadKind Head { get; }

    public RecurrentCell<T> Cell => Stack.Cell;

    /// <summary>The embedding, recurrent layers and dropout under the head.</summary>
    public RecurrentStack<T> Stack { get; }

    /// <summary>Every weight and bias (rnn.*, head.weight, head.bias, and embed.weight when embedded), and their gradients.</summary>
    public ParameterSet<T> Parameters { get; }

    /// <summary>The parameter names and shapes of a spec, in buffer (and PyTorch state_dict) order.</summary>
    public static IEnumerable<(string Name, int[] Shape)> Layout(ModelSpec spec) => RecurrentStack<T>.LayoutWithLinearHead(spec);

    /// <summary>PyTorch's default initialisation from a seed (see <see cref="ParameterInitializer"/>).</summary>
    public void Initialize(ulong seed) => ParameterInitializer.InitializeLikePyTorch(Parameters, Spec.Hidden, seed);

    /// <summary>Working memory for sequences of up to <paramref name="maxSteps"/> steps, <paramref name="batch"/> at a time.</summary>
    public ManyToOneWorkspace<T> CreateWorkspace(int maxSteps, int batch, bool forBackward = true) =>
        new(Spec, Head, Cell, maxSteps, batch, forBackward);

    /// <summary>A zero state for <paramref name="batch"/> sequences.</summary>
    public RecurrentState<T> CreateState(int batch) => Stack.CreateState(batch);

    /// <inheritdoc cref="RecurrentStack{T}.SampleDropoutMasks"/>
    public void SampleDropoutMasks(ManyToOneWorkspace<T> ws, int steps, Rng rng) => Stack.SampleDropoutMasks(ws, steps, rng);

    /// <summary>
    /// Runs <paramref name="steps"/> steps from <paramref name="initial"/> over the workspace's inputs and writes the
    /// head's outputs for each sequence from the top layer's h(steps-1). The initial state is only read.
    /// </summary>
    public void Forward(ManyToOneWorkspace<T> ws, int steps, RecurrentState<T> initial, bool training = false)
    {
        Stack.Forward(ws, steps, initial, training);
        Linear.Forward<T>(LastStep(Stack.Output(ws), ws), Parameters.Value(_headWeight), Parameters.Value(_headBias),
            ws.Outputs, ws.Batch, Spec.Hidden, Spec.OutputSize);
    }

    /// <summary>
    /// The loss of the last Forward against the workspace's targets: the mean over B·O of (y − target)² for
    /// regression, the mean over B of −log softmax(logits)[class] (nats) for classification.
    /// </summary>
    public double Loss(ManyToOneWorkspace<T> ws) => Head == HeadKind.Regression
        ? MeanSquaredError.Forward<T>(ws.Outputs, ws.TargetValues)
        : SoftmaxCrossEntropy.Forward<T>(ws.Outputs, ws.TargetClasses, ws.Probabilities, Spec.OutputSize);

    /// <summary>
    /// Adds dL/d(every parameter) of the last <see cref="Loss"/> into Parameters.Gradients, and leaves the gradient of
    /// the initial state (and of dense inputs) in the workspace.
    /// </summary>
    /// <exception cref="InvalidOperationException">The workspace was made for inference.</exception>
    public void Backward(ManyToOneWorkspace<T> ws)
    {
        ws.EnsureForBackward();
        Span<T> dOutputs = ws.DOutputs;
        dOutputs.Clear();
        if (Head == HeadKind.Regression)
            MeanSquaredError.Backward<T>(ws.Outputs, ws.TargetValues, dOutputs);
        else
            SoftmaxCrossEntropy.Backward<T>(ws.Probabilities, ws.TargetClasses, dOutputs, Spec.OutputSize);
        ReadOnlySpan<T> output = Stack.Output(ws);
        Span<T> dOutput = Stack.ClearedOutputGradient(ws);
        Linear.Backward<T>(LastStep(output, ws), Parameters.Value(_headWeight), dOutputs, Parameters.Gradient(_headWeight),
            Parameters.Gradient(_headBias), LastStep(dOutput, ws), ws.Batch, Spec.Hidden, Spec.OutputSize);
        Stack.Backward(ws);
    }

    /// <summary>The class with the largest logit for sequence b (the first on ties), after Forward; classification only.</summary>
    /// <exception cref="InvalidOperationException">The model is a regression model.</exception>
    public int PredictedClass(ManyToOneWorkspace<T> ws, int b)
    {
        if (Head != HeadKind.Classification)
            throw new InvalidOperationException("A regression model predicts values, not classes.");
        ReadOnlySpan<T> logits = ws.OutputOf(b);
        int best = 0;
        for (int k = 1; k < logits.Length; k++)
            if (logits[k] > logits[best])
                best = k;
        return best;
    }

    /// <inheritdoc cref="RecurrentStack{T}.GateGradient"/>
    public Span<T> GateGradient(string parameterName, LstmGate gate) => Stack.GateGradient(parameterName, gate);

    /// <summary>The last step's B rows of a (T·B × H) buffer.</summary>
    private Span<T> LastStep(Span<T> rows, StackWorkspace<T> ws) => rows.Slice((ws.Steps - 1) * ws.Batch * Spec.Hidden, ws.Batch * Spec.Hidden);

    private ReadOnlySpan<T> LastStep(ReadOnlySpan<T> rows, StackWorkspace<T> ws) =>
        rows.Slice((ws.Steps - 1) * ws.Batch * Spec.Hidden, ws.Batch * Spec.Hidden);
}

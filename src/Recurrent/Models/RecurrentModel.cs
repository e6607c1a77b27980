// The char-rnn model: a RecurrentStack (optional embedding, L recurrent layers, dropout between them and before
// the head) with a linear head at every step and a softmax cross-entropy loss, the shape PyTorch users know as
// nn.LSTM/nn.RNN + nn.Linear. Forward reads the window's inputs from a workspace, Loss compares with its targets,
// Backward is Forward read in reverse and adds every gradient into Parameters.Gradients. The stack does the
// recurrent part; this file is only the per-step head. ManyToOneModel puts a different head on the same stack.
using System.Numerics;
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Recurrent stack + per-step linear head + mean cross-entropy, with exact BPTT gradients.</summary>
public sealed class RecurrentModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterInfo _headWeight, _headBias;

    public RecurrentModel(ModelSpec spec)
    {
        Spec = spec.Validated();
        Parameters = new ParameterSet<T>(Layout(spec));
        Stack = new RecurrentStack<T>(spec, Parameters);
        _headWeight = Parameters[ParameterNames.HeadWeight];
        _headBias = Parameters[ParameterNames.HeadBias];
    }

    public ModelSpec Spec { get; }

    public RecurrentCell<T> Cell => Stack.Cell;

    /// <summary>The embedding, recurrent layers and dropout under the head.</summary>
    public RecurrentStack<T> Stack { get; }

    /// <summary>Every weight and bias, with PyTorch's names and layouts, and their gradients.</summary>
    public ParameterSet<T> Parameters { get; }

    /// <summary>The parameter names and shapes of a spec, in buffer (and PyTorch state_dict) order.</summary>
    public static IEnumerable<(string Name, int[] Shape)> Layout(ModelSpec spec) => RecurrentStack<T>.LayoutWithLinearHead(spec);

    /// <summary>PyTorch's default initialisation from a seed (see <see cref="ParameterInitializer"/>).</summary>
    public void Initialize(ulong seed) => ParameterInitializer.InitializeLikePyTorch(Parameters, Spec.Hidden, seed);

    /// <summary>
    /// Working memory for windows of up to <paramref name="maxSteps"/> steps of <paramref name="batch"/> sequences. With
    /// <paramref name="forBackward"/> false it holds only what Forward needs (inference, as under torch.no_grad): less
    /// memory, and Backward refuses it.
    /// </summary>
    public ModelWorkspace<T> CreateWorkspace(int maxSteps, int batch, bool forBackward = true) =>
        new(Spec, Cell, maxSteps, batch, forBackward);

    /// <summary>
    /// Freezes the model's current parameters into <paramref name="ws"/>, an inference workspace, with every weight
    /// matrix packed for products with one row (generation at batch 1 streams each weight once per step; packed, the
    /// stream is contiguous and ~1.4-1.8x faster on Zen 4). A Forward over <paramref name="ws"/> then reads the
    /// snapshot, not the model; every product then follows the FMA chain of the batched products (so a step at batch 1
    /// gives, for its row, the bits of a Forward over more than 4 rows), with the values the model had at the snapshot; call
    /// again after changing the parameters (it refreshes the snapshot in place). Costs one more copy of the
    /// parameters, twice for the weight matrices.
    /// </summary>
    /// <exception cref="InvalidOperationException">The workspace is for training (forBackward: true).</exception>
    public void TakeWeightSnapshot(ModelWorkspace<T> ws) => Stack.TakeSnapshot(ws, _headWeight);

    /// <summary>A zero state for <paramref name="batch"/> sequences.</summary>
    public RecurrentState<T> CreateState(int batch) => Stack.CreateState(batch);

    /// <inheritdoc cref="RecurrentStack{T}.SampleDropoutMasks"/>
    public void SampleDropoutMasks(ModelWorkspace<T> ws, int steps, Rng rng) => Stack.SampleDropoutMasks(ws, steps, rng);

    /// <summary>
    /// Runs <paramref name="steps"/> steps from <paramref name="initial"/> over the workspace's inputs and writes
    /// the logits. The initial state is only read; <see cref="StackWorkspace{T}.CopyFinalState"/> carries it on.
    /// With <paramref name="training"/> set, a dropout model applies the workspace's dropout masks.
    /// </summary>
    public void Forward(ModelWorkspace<T> ws, int steps, RecurrentState<T> initial, bool training = false)
    {
        Stack.Forward(ws, steps, initial, training);
        int rows = steps * ws.Batch;
        Span<T> logits = ws.Logits.AsSpan(0, rows * Spec.OutputSize);
        var snapshot = ws.Snapshot;
        if (snapshot is not null && WeightSnapshot<T>.Streams(rows))
            Linear.Forward(Stack.Output(ws), snapshot.HeadWeight!, snapshot.Value(_headBias), logits, rows);
        else
            Linear.Forward<T>(Stack.Output(ws), Stack.Value(snapshot, _headWeight), Stack.Value(snapshot, _headBias), logits,
                rows, Spec.Hidden, Spec.OutputSize);
    }

    /// <summary>Softmax of the last Forward's logits and the mean cross-entropy (nats) against the workspace's targets.</summary>
    public double Loss(ModelWorkspace<T> ws)
    {
        int rows = ws.Steps * ws.Batch, size = rows * Spec.OutputSize;
        return SoftmaxCrossEntropy.Forward<T>(ws.Logits.AsSpan(0, size), ws.Targets.AsSpan(0, rows),
            ws.Probabilities.AsSpan(0, size), Spec.OutputSize);
    }

    /// <summary>
    /// Adds dL/d(every parameter) of the last <see cref="Loss"/> into Parameters.Gradients, and leaves the gradient
    /// of the initial state (and of dense inputs) in the workspace. The gradient stops at the window's start.
    /// </summary>
    /// <exception cref="InvalidOperationException">The workspace was made for inference.</exception>
    public void Backward(ModelWorkspace<T> ws)
    {
        ws.EnsureForBackward();
        int rows = ws.Steps * ws.Batch, outputs = Spec.OutputSize;
        Span<T> dLogits = ws.DLogits.AsSpan(0, rows * outputs);
        dLogits.Clear();
        SoftmaxCrossEntropy.Backward<T>(ws.Probabilities.AsSpan(0, rows * outputs), ws.Targets.AsSpan(0, rows), dLogits, outputs);
        Linear.Backward<T>(Stack.Output(ws), Parameters.Value(_headWeight), dLogits, Parameters.Gradient(_headWeight),
            Parameters.Gradient(_headBias), Stack.ClearedOutputGradient(ws), rows, Spec.Hidden, outputs);
        Stack.Backward(ws);
    }

    /// <inheritdoc cref="RecurrentStack{T}.GateGradient"/>
    public Span<T> GateGradient(string parameterName, LstmGate gate) => Stack.GateGradient(parameterName, gate);
}

// The one model: input -> recurrent stack -> head. A RecurrentStack (optional embedding, L recurrent layers,
// dropout between them and before the head) under a LinearHead that reads every step or the last and is trained
// with softmax cross-entropy (classes) or a regression loss (values: squared or absolute error, or the pinball loss
// for quantiles): what PyTorch users write as nn.LSTM/GRU/RNN + nn.Linear over out or out[-1]. A character model
// is this with one-hot input and a softmax at every step over the same vocabulary; a many-to-one task model, with a
// head on the last step. Forward reads the window's inputs from a workspace, Loss compares with its targets,
// Backward is Forward read in reverse and adds every gradient into Parameters.Gradients.
using System.Numerics;
using System.Runtime.CompilerServices;
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Recurrent stack + linear head (every step or the last) + its loss, with exact BPTT gradients.</summary>
public sealed class RecurrentModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LinearHead<T> _head;

    /// <exception cref="ArgumentOutOfRangeException">A size, kind or the dropout of the spec is out of range.</exception>
    /// <exception cref="RecurrentException">The parameters would not fit in one array or in the memory free now.</exception>
    public RecurrentModel(ModelSpec spec)
    {
        Spec = spec.Validated();
        spec.EnsureParametersFit(Unsafe.SizeOf<T>());
        Parameters = new ParameterSet<T>(Layout(spec));
        Stack = new RecurrentStack<T>(spec, Parameters);
        _head = new LinearHead<T>(spec, Parameters);
    }

    /// <summary>A model whose weight matrices are <paramref name="quantized"/>; its ParameterSet holds the rest (biases, head).</summary>
    internal RecurrentModel(ModelSpec spec, QuantizedWeights quantized)
    {
        Spec = spec.Validated();
        Quantized = quantized;
        Parameters = new ParameterSet<T>(Layout(spec).Where(p => !QuantizedWeights.IsQuantized(spec, p.Name)));
        Stack = new RecurrentStack<T>(spec, Parameters, quantized);
        _head = new LinearHead<T>(spec, Parameters);
    }

    /// <summary>
    /// The weight matrices as 8- or 16-bit integers when the model is quantized (<see cref="ModelQuantization"/>); null
    /// for a float model. A quantized model's <see cref="Parameters"/> then hold the biases and the head only, and it
    /// serves inference only: Backward, snapshots and precision changes are refused.
    /// </summary>
    public QuantizedWeights? Quantized { get; }

    /// <summary>Refuses a quantized model where the float weight matrices are needed: training, gradients, initialisation.</summary>
    /// <exception cref="InvalidOperationException">The model is quantized.</exception>
    public void EnsureFloatWeights()
    {
        if (Quantized is not null)
            throw new InvalidOperationException(QuantizedWeights.InferenceOnly);
    }

    /// <summary>Bytes of every weight and bias in memory: the float parameters, plus the quantized matrices when there are any.</summary>
    public long WeightBytes => (long)Parameters.Count * Unsafe.SizeOf<T>() + (Quantized?.Bytes ?? 0);

    /// <summary>The architecture: input, stack and head.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The cell every layer runs.</summary>
    public RecurrentCell<T> Cell => Stack.Cell;

    /// <summary>The embedding, recurrent layers and dropout under the head.</summary>
    public RecurrentStack<T> Stack { get; }

    /// <summary>Every weight and bias, with PyTorch's names and layouts, and their gradients.</summary>
    public ParameterSet<T> Parameters { get; }

    /// <summary>The parameter names and shapes of a spec, in buffer (and PyTorch state_dict) order: embed, rnn, head.</summary>
    public static IEnumerable<(string Name, int[] Shape)> Layout(ModelSpec spec) =>
        RecurrentStack<T>.Layout(spec).Concat(LinearHead<T>.Layout(spec));

    /// <summary>PyTorch's default initialisation from a seed (see <see cref="ParameterInitializer"/>).</summary>
    /// <exception cref="InvalidOperationException">The model is quantized.</exception>
    public void Initialize(ulong seed)
    {
        EnsureFloatWeights();
        ParameterInitializer.InitializeLikePyTorch(Parameters, Spec.Hidden, seed);
    }

    /// <summary>
    /// Working memory for windows of up to <paramref name="maxSteps"/> steps of <paramref name="batch"/> sequences. With
    /// <paramref name="forBackward"/> false it holds only what Forward needs (inference, as under torch.no_grad): less
    /// memory, and Backward refuses it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSteps"/> or <paramref name="batch"/> is not positive.</exception>
    /// <exception cref="RecurrentException">The workspace would not fit in one array or in the memory free now.</exception>
    public ModelWorkspace<T> CreateWorkspace(int maxSteps, int batch, bool forBackward = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (maxSteps < Spec.ReadoutSteps)
            throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, $"The head reads the last {Spec.ReadoutSteps} steps; a window must have as many.");
        var (largest, bytes) = ModelWorkspace<T>.Size(Spec, Cell, maxSteps, batch, forBackward);
        MemoryBudget.Ensure(largest, bytes, $"a workspace of {maxSteps:N0} steps of {batch:N0} sequences", "batch", "seqLen");
        return new(Spec, Cell, maxSteps, batch, forBackward);
    }

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
    /// <remarks>
    /// A quantized model's matrices already are in the layout its products read: nothing is taken. Its batch-1 steps read
    /// exact activations while products of more than 4 rows of an 8-bit model quantize them, so there a step at batch 1
    /// is close to, not the bits of, a wider Forward.
    /// </remarks>
    public void TakeWeightSnapshot(ModelWorkspace<T> ws)
    {
        if (Quantized is null)
            Stack.TakeSnapshot(ws, _head.Weight);
    }

    /// <summary>A zero state for <paramref name="batch"/> sequences.</summary>
    public RecurrentState<T> CreateState(int batch) => Stack.CreateState(batch);

    /// <inheritdoc cref="RecurrentStack{T}.SampleDropoutMasks"/>
    public void SampleDropoutMasks(ModelWorkspace<T> ws, int steps, Rng rng, bool locked = false) => Stack.SampleDropoutMasks(ws, steps, rng, locked);

    /// <inheritdoc cref="RecurrentStack{T}.SampleZoneoutMasks"/>
    public void SampleZoneoutMasks(ModelWorkspace<T> ws, int steps, Rng rng) => Stack.SampleZoneoutMasks(ws, steps, rng);

    /// <summary>
    /// Runs <paramref name="steps"/> steps from <paramref name="initial"/> over the workspace's inputs and writes the
    /// head's outputs (logits or predictions) for the rows it reads. The initial state is only read;
    /// <see cref="StackWorkspace{T}.CopyFinalState"/> carries it on. With <paramref name="training"/> set, a dropout
    /// model applies the workspace's dropout masks and a zoneout model its zoneout masks; otherwise zoneout takes its
    /// expectation (evaluation).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is not in [1, MaxSteps], or fewer than the steps the head reads.</exception>
    /// <exception cref="ArgumentException">The state's batch differs from the workspace's.</exception>
    /// <exception cref="InvalidOperationException">The workspace holds a weight snapshot of another model.</exception>
    public void Forward(ModelWorkspace<T> ws, int steps, RecurrentState<T> initial, bool training = false)
    {
        if (steps < Spec.ReadoutSteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"The head reads the last {Spec.ReadoutSteps} steps; a window must have as many.");
        Stack.Forward(ws, steps, initial, training);
        _head.Forward(ws, Stack.Output(ws), ws.Snapshot);
    }

    /// <summary>
    /// The loss of the last Forward against the workspace's targets: for a classification head the mean over its rows of
    /// −log softmax(logits)[target] in nats (and the probabilities, in the workspace); for a regression head the mean
    /// over its rows and outputs of the spec's <see cref="ModelSpec.Loss"/>: (y − target)² (the default), |y − target|,
    /// or the pinball loss max(τ·e, (τ − 1)·e) with e = target − y and τ = Quantiles[o mod Q] for output o of a row.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A target class is outside [0, O).</exception>
    public double Loss(ModelWorkspace<T> ws) => _head.Loss(ws);

    /// <summary>
    /// Adds dL/d(every parameter) of the last <see cref="Loss"/> into Parameters.Gradients, and leaves the gradient
    /// of the initial state (and of dense inputs) in the workspace. The gradient stops at the window's start.
    /// </summary>
    /// <exception cref="InvalidOperationException">The workspace was made for inference.</exception>
    /// <param name="ws">The workspace of the last Forward and Loss.</param>
    /// <param name="activationPenalty">α of AR on the output the head reads (<see cref="OutputPenalties.Activation"/>); 0: none.</param>
    /// <param name="temporalPenalty">β of TAR on the top layer's output before dropout (<see cref="OutputPenalties.Temporal"/>); 0: none.</param>
    public void Backward(ModelWorkspace<T> ws, double activationPenalty = 0, double temporalPenalty = 0)
    {
        EnsureFloatWeights();
        ws.EnsureForBackward();
        Span<T> dOutput = Stack.ClearedOutputGradient(ws);
        _head.Backward(ws, Stack.Output(ws), dOutput);
        if (activationPenalty > 0)
            OutputPenalties.AddActivationGradient(Stack.Output(ws), dOutput, activationPenalty, ws.Steps, ws.Batch, Spec.OutputWidth, ws.ActiveLengths);
        Stack.Backward(ws, temporalPenalty);
    }

    /// <summary>AR + TAR of the last Forward's output (what <see cref="Backward"/> adds the gradient of, beyond the head's loss).</summary>
    public double Penalty(ModelWorkspace<T> ws, double activationPenalty, double temporalPenalty) =>
        OutputPenalties.Activation(Stack.Output(ws), activationPenalty, ws.Steps, ws.Batch, Spec.OutputWidth, ws.ActiveLengths)
        + OutputPenalties.Temporal(Stack.UndroppedOutput(ws), temporalPenalty, ws.Steps, ws.Batch, Spec.OutputWidth, ws.ActiveLengths);

    /// <inheritdoc cref="RecurrentStack{T}.GateGradient"/>
    public Span<T> GateGradient(string parameterName, LstmGate gate) => Stack.GateGradient(parameterName, gate);

    /// <summary>A copy of this model in another precision (double keeps tiny gradients' digits), with the same parameter values.</summary>
    /// <exception cref="InvalidOperationException">The model is quantized.</exception>
    public RecurrentModel<TOther> Convert<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        EnsureFloatWeights();
        var copy = new RecurrentModel<TOther>(Spec);
        T[] source = Parameters.Values;
        TOther[] target = copy.Parameters.Values;
        for (int k = 0; k < source.Length; k++)
            target[k] = TOther.CreateChecked(source[k]);
        return copy;
    }
}

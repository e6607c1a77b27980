// An optional embedding, a stack of L recurrent layers (with dropout between them and before the head)
// and a linear head at every step and a softmax cross-entropy loss:
// the char-rnn model, and the shape PyTorch users know as nn.LSTM/nn.RNN + nn.Linear.
// Forward reads the window's inputs from a workspace, Loss compares with its targets, Backward is
// Forward read in reverse and adds every gradient into Parameters.Gradients.
using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Recurrent stack + per-step linear head + mean cross-entropy, with exact BPTT gradients.</summary>
public sealed class RecurrentModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentLayer<T> _layer;
    private readonly LayerParameters[] _layers;
    private readonly ParameterInfo _headWeight, _headBias;

    public RecurrentModel(ModelSpec spec)
    {
        Spec = spec.Validated();
        Cell = spec.Cell switch
        {
            CellKind.Rnn => new RnnCell<T>(),
            CellKind.Lstm => new LstmCell<T>(),
            CellKind.Gru => new GruCell<T>(),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Cell, null),
        };
        _layer = new RecurrentLayer<T>(Cell, spec.Hidden);
        Parameters = new ParameterSet<T>(Layout(spec));
        _layers = new LayerParameters[spec.Layers];
        for (int k = 0; k < spec.Layers; k++)
            _layers[k] = new LayerParameters(
                Parameters[ParameterNames.WeightIh(k)], Parameters[ParameterNames.WeightHh(k)],
                Parameters[ParameterNames.BiasIh(k)], Parameters[ParameterNames.BiasHh(k)]);
        _headWeight = Parameters[ParameterNames.HeadWeight];
        _headBias = Parameters[ParameterNames.HeadBias];
    }

    public ModelSpec Spec { get; }

    public RecurrentCell<T> Cell { get; }

    /// <summary>Every weight and bias, with PyTorch's names and layouts, and their gradients.</summary>
    public ParameterSet<T> Parameters { get; }

    /// <summary>The parameter names and shapes of a spec, in buffer (and PyTorch state_dict) order.</summary>
    public static IEnumerable<(string Name, int[] Shape)> Layout(ModelSpec spec)
    {
        if (spec.Input == InputKind.Embedding)
            yield return (ParameterNames.EmbeddingWeight, [spec.InputSize, spec.EmbeddingSize]);
        int width = spec.GateCount * spec.Hidden;
        for (int k = 0; k < spec.Layers; k++)
        {
            yield return (ParameterNames.WeightIh(k), [width, spec.LayerInputSize(k)]);
            yield return (ParameterNames.WeightHh(k), [width, spec.Hidden]);
            yield return (ParameterNames.BiasIh(k), [width]);
            yield return (ParameterNames.BiasHh(k), [width]);
        }
        yield return (ParameterNames.HeadWeight, [spec.OutputSize, spec.Hidden]);
        yield return (ParameterNames.HeadBias, [spec.OutputSize]);
    }

    /// <summary>PyTorch's default initialisation from a seed (see <see cref="ParameterInitializer"/>).</summary>
    public void Initialize(ulong seed) => ParameterInitializer.InitializeLikePyTorch(Parameters, Spec.Hidden, seed);

    /// <summary>Working memory for windows of up to <paramref name="maxSteps"/> steps of <paramref name="batch"/> sequences.</summary>
    public ModelWorkspace<T> CreateWorkspace(int maxSteps, int batch) => new(Spec, Cell, maxSteps, batch);

    /// <summary>A zero state for <paramref name="batch"/> sequences.</summary>
    public RecurrentState<T> CreateState(int batch) => new(Spec.Layers, batch, Spec.Hidden, Cell.HasCellState);

    /// <summary>
    /// Draws the dropout masks of a training window into <paramref name="ws"/>: each output is kept with probability
    /// 1 - p and then scaled by 1/(1 - p) (inverted dropout, as torch.nn.functional.dropout), else zeroed.
    /// </summary>
    public void SampleDropoutMasks(ModelWorkspace<T> ws, int steps, Rng rng)
    {
        double p = Spec.Dropout;
        T keep = T.CreateChecked(1 / (1 - p));
        int size = steps * ws.Batch * Spec.Hidden;
        foreach (T[] mask in ws.DropoutMasks)
            for (int k = 0; k < size; k++)
                mask[k] = rng.NextDouble() < p ? T.Zero : keep;
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps from <paramref name="initial"/> over the workspace's inputs and writes
    /// the logits. The initial state is only read; <see cref="ModelWorkspace{T}.CopyFinalState"/> carries it on.
    /// With <paramref name="training"/> set, a dropout model applies the workspace's dropout masks.
    /// </summary>
    public void Forward(ModelWorkspace<T> ws, int steps, RecurrentState<T> initial, bool training = false)
    {
        if (steps < 1 || steps > ws.MaxSteps)
            throw new ArgumentOutOfRangeException(nameof(steps), $"steps must be in [1, {ws.MaxSteps}].");
        if (initial.Batch != ws.Batch)
            throw new ArgumentException("The state's batch differs from the workspace's.", nameof(initial));
        ws.Steps = steps;
        ws.Dropping = training && Spec.Dropout > 0;
        int batch = ws.Batch, rows = steps * batch, hidden = Spec.Hidden, width = Spec.GateCount * hidden;
        if (Spec.Input == InputKind.Embedding)
            Embedding.Forward<T>(ws.Tokens.AsSpan(0, rows), Parameters.Value(ParameterNames.EmbeddingWeight),
                ws.Embedded.AsSpan(0, rows * Spec.EmbeddingSize), Spec.EmbeddingSize);
        for (int k = 0; k < _layers.Length; k++)
        {
            var p = _layers[k];
            var buffers = ws.Layers[k];
            Span<T> gates = buffers.Gates.AsSpan(0, rows * width);
            if (k == 0 && Spec.Input == InputKind.OneHot)
                OneHotLinear.Forward<T>(ws.Tokens.AsSpan(0, rows), Parameters.Value(p.WeightIh),
                    Parameters.Value(p.BiasIh), gates, Spec.InputSize, width);
            else
                Linear.Forward<T>(LayerInput(ws, k, rows), Parameters.Value(p.WeightIh), Parameters.Value(p.BiasIh), gates,
                    rows, Spec.LayerInputSize(k), width);

            initial.HiddenOf(k).CopyTo(buffers.Hiddens);
            if (Cell.HasCellState)
                initial.CellOf(k).CopyTo(buffers.Cells);
            _layer.Forward(buffers, Parameters.Value(p.WeightHh), Parameters.Value(p.BiasHh), steps, batch);
            if (ws.Dropping)
                TensorPrimitives.Multiply(buffers.Hiddens.AsSpan(batch * hidden, rows * hidden),
                    ws.DropoutMasks[k].AsSpan(0, rows * hidden), ws.Dropped[k].AsSpan(0, rows * hidden));
        }
        Linear.Forward<T>(LayerOutput(ws, _layers.Length - 1, rows), Parameters.Value(_headWeight),
            Parameters.Value(_headBias), ws.Logits.AsSpan(0, rows * Spec.OutputSize), rows, hidden, Spec.OutputSize);
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
    public void Backward(ModelWorkspace<T> ws)
    {
        int steps = ws.Steps, batch = ws.Batch, rows = steps * batch;
        int hidden = Spec.Hidden, width = Spec.GateCount * hidden, outputs = Spec.OutputSize;
        Span<T> dLogits = ws.DLogits.AsSpan(0, rows * outputs);
        dLogits.Clear();
        SoftmaxCrossEntropy.Backward<T>(ws.Probabilities.AsSpan(0, rows * outputs), ws.Targets.AsSpan(0, rows), dLogits, outputs);

        int top = _layers.Length - 1;
        Linear.Backward<T>(LayerOutput(ws, top, rows), Parameters.Value(_headWeight), dLogits,
            Parameters.Gradient(_headWeight), Parameters.Gradient(_headBias), ClearedOutputGradient(ws, top, rows), rows, hidden, outputs);
        ThroughDropout(ws, top, rows);

        for (int k = top; k >= 0; k--)
        {
            var p = _layers[k];
            var buffers = ws.Layers[k];
            _layer.Backward(buffers, Parameters.Value(p.WeightHh), Parameters.Gradient(p.WeightHh),
                Parameters.Gradient(p.BiasHh), steps, batch);
            ReadOnlySpan<T> dGates = buffers.DGates.AsSpan(0, rows * width);
            if (k == 0 && Spec.Input == InputKind.OneHot)
            {
                OneHotLinear.Backward<T>(ws.Tokens.AsSpan(0, rows), dGates, Parameters.Gradient(p.WeightIh),
                    Parameters.Gradient(p.BiasIh), Spec.InputSize, width);
                continue;
            }
            int inputs = Spec.LayerInputSize(k);
            Span<T> dInput = k > 0 ? ClearedOutputGradient(ws, k - 1, rows)
                : Spec.Input == InputKind.Embedding ? ws.EmbeddedGradient.AsSpan(0, rows * inputs)
                : ws.InputGradient.AsSpan(0, rows * inputs);
            if (k == 0)
                dInput.Clear();
            Linear.Backward<T>(LayerInput(ws, k, rows), Parameters.Value(p.WeightIh), dGates,
                Parameters.Gradient(p.WeightIh), Parameters.Gradient(p.BiasIh), dInput, rows, inputs, width);
            if (k > 0)
                ThroughDropout(ws, k - 1, rows);
            else if (Spec.Input == InputKind.Embedding)
                ScatterEmbeddingGradient(ws, rows);
        }
    }

    /// <summary>
    /// The gradient of one LSTM gate's block of a recurrent parameter: the notes' dL/dW_i, dL/dW_f, dL/dW_c, dL/dW_o
    /// are <c>GateGradient("rnn.weight_hh_l0", LstmGate.Forget)</c> and so on, slices of the one gradient buffer.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not an LSTM.</exception>
    /// <exception cref="ArgumentException">The parameter is not one of the rnn.* parameters.</exception>
    public Span<T> GateGradient(string parameterName, LstmGate gate)
    {
        if (Spec.Cell != CellKind.Lstm)
            throw new InvalidOperationException("Gate gradients by name exist for LSTM models only.");
        if (!parameterName.StartsWith("rnn.", StringComparison.Ordinal) || !Parameters.Contains(parameterName))
            throw new ArgumentException($"{parameterName} is not a recurrent parameter of this model.", nameof(parameterName));
        var info = Parameters[parameterName];
        int blockLength = info.Length / 4;
        return Parameters.Gradient(info).Slice((int)gate * blockLength, blockLength);
    }

    /// <summary>Layer k's input (T·B × I_k): the embedded tokens or dense inputs for the first layer, else the output below.</summary>
    private ReadOnlySpan<T> LayerInput(ModelWorkspace<T> ws, int layer, int rows)
    {
        if (layer > 0)
            return LayerOutput(ws, layer - 1, rows);
        int size = rows * Spec.LayerInputSize(0);
        return Spec.Input == InputKind.Dense ? ws.Inputs.AsSpan(0, size) : ws.Embedded.AsSpan(0, size);
    }

    /// <summary>Layer k's output h(0..T-1) (T·B × H), after dropout when the last Forward applied it.</summary>
    private static ReadOnlySpan<T> LayerOutput(ModelWorkspace<T> ws, int layer, int rows)
    {
        int size = rows * ws.Layers[layer].DHidden.Length / ws.Batch;
        return ws.Dropping ? ws.Dropped[layer].AsSpan(0, size) : ws.Layers[layer].Hiddens.AsSpan(ws.Layers[layer].DHidden.Length, size);
    }

    /// <summary>Where the gradient of layer k's output is accumulated, zeroed: after dropout if applied, else dL/dh.</summary>
    private static Span<T> ClearedOutputGradient(ModelWorkspace<T> ws, int layer, int rows)
    {
        var buffers = ws.Layers[layer];
        int size = rows * buffers.DHidden.Length / ws.Batch;
        Span<T> gradient = ws.Dropping ? ws.DroppedGradient[layer].AsSpan(0, size) : buffers.DHiddens.AsSpan(0, size);
        gradient.Clear();
        return gradient;
    }

    /// <summary>dL/dh = dL/d(dropped output) ⊙ mask, when dropout was applied.</summary>
    private static void ThroughDropout(ModelWorkspace<T> ws, int layer, int rows)
    {
        if (!ws.Dropping)
            return;
        int size = rows * ws.Layers[layer].DHidden.Length / ws.Batch;
        TensorPrimitives.Multiply(ws.DroppedGradient[layer].AsSpan(0, size), ws.DropoutMasks[layer].AsSpan(0, size),
            ws.Layers[layer].DHiddens.AsSpan(0, size));
    }

    private void ScatterEmbeddingGradient(ModelWorkspace<T> ws, int rows) =>
        Embedding.Backward<T>(ws.Tokens.AsSpan(0, rows), ws.EmbeddedGradient.AsSpan(0, rows * Spec.EmbeddingSize),
            Parameters.Gradient(ParameterNames.EmbeddingWeight), Spec.EmbeddingSize);

    private sealed record LayerParameters(ParameterInfo WeightIh, ParameterInfo WeightHh, ParameterInfo BiasIh, ParameterInfo BiasHh);
}

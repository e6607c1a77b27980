// The recurrent body every model shares, apart from its head: an optional embedding, L recurrent layers of one
// cell with dropout on each layer's output (between layers and before the head), run forward over a window from an
// initial state, and backward from the gradient of the top layer's outputs. A head reads Output and adds into
// ClearedOutputGradient; which steps it reads (every step, or the last) is the head's business (LinearHead).
// A bidirectional stack (torch's bidirectional=True) gives each layer a reverse direction too, the same RecurrentLayer
// over the window's steps in reverse order from its own initial state (DirectionJoin); the layer's output is then
// [h_forward(t); h_reverse(t)], 2H wide. Its parameters, buffers and state entries follow PyTorch: entry k·2 + d.
// The stack owns no parameters: it works on the rnn.* (and embed.weight) views of the model's one ParameterSet, so
// optimizers, clipping and checkpoints still see one flat buffer.
using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Embedding (optional), stacked recurrent layers and dropout: Forward and exact BPTT Backward over a workspace.</summary>
public sealed class RecurrentStack<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerParameters[] _layers; // entry k·D + d: direction d (0 forward, 1 reverse) of layer k
    private readonly int _directions;
    private readonly ParameterSet<T> _parameters;
    private readonly QuantizedWeights? _quantized;

    /// <summary>A stack over the rnn.* (and embed.weight) parameters of <paramref name="parameters"/>, laid out by <see cref="Layout"/>.</summary>
    /// <exception cref="KeyNotFoundException">A parameter of the spec's stack is missing from <paramref name="parameters"/>.</exception>
    public RecurrentStack(ModelSpec spec, ParameterSet<T> parameters) : this(spec, parameters, null)
    {
    }

    /// <summary>
    /// A stack whose weight matrices are <paramref name="quantized"/> (float models only; then <paramref name="parameters"/>
    /// holds the biases alone), or, when null, the parameters' own.
    /// </summary>
    internal RecurrentStack(ModelSpec spec, ParameterSet<T> parameters, QuantizedWeights? quantized)
    {
        if (quantized is not null && typeof(T) != typeof(float))
            throw new ArgumentException("Quantized weights serve float models.", nameof(quantized));
        _quantized = quantized;
        Spec = spec.Validated();
        Cell = spec.Cell switch
        {
            CellKind.Rnn => new RnnCell<T>(),
            CellKind.Lstm => new LstmCell<T>(),
            CellKind.Gru => new GruCell<T>(),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Cell, null),
        };
        Layer = new RecurrentLayer<T>(Cell, spec.Hidden, spec.ZoneoutHidden, spec.ZoneoutCell);
        _parameters = parameters;
        _directions = spec.Directions;
        _layers = new LayerParameters[spec.Layers * _directions];
        for (int e = 0; e < _layers.Length; e++)
        {
            int k = e / _directions;
            bool reverse = e % _directions == 1;
            _layers[e] = new LayerParameters(
                quantized is null ? parameters[ParameterNames.WeightIh(k, reverse)] : null,
                quantized is null ? parameters[ParameterNames.WeightHh(k, reverse)] : null,
                parameters[ParameterNames.BiasIh(k, reverse)], parameters[ParameterNames.BiasHh(k, reverse)]);
        }
        if (spec.Input == InputKind.Embedding && quantized is null)
            _ = parameters[ParameterNames.EmbeddingWeight];
    }

    /// <summary>The validated spec: input form, cell, H, L, dropout.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The elementwise step of every layer: an RNN, LSTM or GRU cell, by <see cref="ModelSpec.Cell"/>.</summary>
    public RecurrentCell<T> Cell { get; }

    /// <summary>The time loop every layer and direction runs (each over its own buffers), with the spec's zoneout.</summary>
    internal RecurrentLayer<T> Layer { get; }

    /// <summary>The stack's parameter names and shapes, in buffer (and PyTorch state_dict) order: embed.weight, then rnn.*.</summary>
    public static IEnumerable<(string Name, int[] Shape)> Layout(ModelSpec spec)
    {
        if (spec.Input == InputKind.Embedding)
            yield return (ParameterNames.EmbeddingWeight, [spec.InputSize, spec.EmbeddingSize]);
        int width = spec.GateCount * spec.Hidden;
        for (int k = 0; k < spec.Layers; k++)
            for (int d = 0; d < spec.Directions; d++)
            {
                bool reverse = d == 1;
                yield return (ParameterNames.WeightIh(k, reverse), [width, spec.LayerInputSize(k)]);
                yield return (ParameterNames.WeightHh(k, reverse), [width, spec.Hidden]);
                yield return (ParameterNames.BiasIh(k, reverse), [width]);
                yield return (ParameterNames.BiasHh(k, reverse), [width]);
            }
    }

    /// <summary>A zero state for <paramref name="batch"/> sequences: L entries, or L·2 when bidirectional (entry 2k + d).</summary>
    public RecurrentState<T> CreateState(int batch) => new(Spec.Layers * Spec.Directions, batch, Spec.Hidden, Cell.HasCellState);

    /// <summary>
    /// Draws the dropout masks of a training window into <paramref name="ws"/>: each output is kept with probability
    /// 1 - p and then scaled by 1/(1 - p) (inverted dropout, as torch.nn.functional.dropout), else zeroed. With
    /// <paramref name="locked"/>, variational dropout (AWD-LSTM's LockedDropout): one mask per sequence and unit,
    /// drawn for step 0 and kept at every step of the window.
    /// </summary>
    public void SampleDropoutMasks(StackWorkspace<T> ws, int steps, Rng rng, bool locked = false)
    {
        double p = Spec.Dropout;
        T keep = T.CreateChecked(1 / (1 - p));
        int row = ws.Batch * Spec.OutputWidth, size = (locked ? 1 : steps) * row;
        foreach (T[] mask in ws.DropoutMasks)
        {
            for (int k = 0; k < size; k++)
                mask[k] = rng.NextDouble() < p ? T.Zero : keep;
            if (locked)
                for (int t = 1; t < steps; t++)
                    Array.Copy(mask, 0, mask, t * row, row);
        }
    }

    /// <summary>
    /// Draws the zoneout masks of a training window into <paramref name="ws"/>: for every layer and direction, step,
    /// sequence and unit, 1 (keep the previous value) with probability z, else 0; h's masks (when z_h > 0), then C's
    /// (when z_c > 0), layer by layer, each time-major. Nothing is drawn for a model without zoneout.
    /// </summary>
    public void SampleZoneoutMasks(StackWorkspace<T> ws, int steps, Rng rng)
    {
        int size = steps * ws.Batch * Spec.Hidden;
        foreach (var buffers in ws.Layers)
        {
            if (Spec.ZoneoutHidden > 0)
                SampleKept(buffers.HiddenZoneoutMask.AsSpan(0, size), Spec.ZoneoutHidden, rng);
            if (Spec.ZoneoutCell > 0)
                SampleKept(buffers.CellZoneoutMask.AsSpan(0, size), Spec.ZoneoutCell, rng);
        }
    }

    private static void SampleKept(Span<T> mask, double z, Rng rng)
    {
        for (int k = 0; k < mask.Length; k++)
            mask[k] = rng.NextDouble() < z ? T.One : T.Zero;
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps from <paramref name="initial"/> over the workspace's inputs through every
    /// layer; <see cref="Output"/> then holds the top layer's h(0..T-1). The initial state is only read. With
    /// <paramref name="training"/> set, a dropout model applies the workspace's dropout masks and a zoneout model its
    /// zoneout masks; otherwise zoneout takes its expectation.
    /// </summary>
    /// <exception cref="ArgumentException">training with zoneout over an inference workspace, which keeps no masks.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is not in [1, MaxSteps].</exception>
    /// <exception cref="ArgumentException">The state's batch differs from the workspace's.</exception>
    /// <exception cref="InvalidOperationException">The workspace holds a weight snapshot of another model.</exception>
    public void Forward(StackWorkspace<T> ws, int steps, RecurrentState<T> initial, bool training = false)
    {
        if (steps < 1 || steps > ws.MaxSteps)
            throw new ArgumentOutOfRangeException(nameof(steps), $"steps must be in [1, {ws.MaxSteps}].");
        if (initial.Batch != ws.Batch)
            throw new ArgumentException("The state's batch differs from the workspace's.", nameof(initial));
        var snapshot = ws.Snapshot;
        if (snapshot is not null && !ReferenceEquals(snapshot.Source, _parameters))
            throw new InvalidOperationException("This workspace holds a weight snapshot of another model; make one for this model.");
        int[]? lengths = ws.TakeLengths(steps);
        ws.Steps = steps;
        ws.Dropping = training && Spec.Dropout > 0;
        bool zoneByMasks = training && Spec.HasZoneout;
        int batch = ws.Batch, rows = steps * batch, hidden = Spec.Hidden, width = Spec.GateCount * hidden;
        if (Spec.Input == InputKind.Embedding && _quantized is not null)
            Embedding.Forward(ws.Tokens.AsSpan(0, rows), _quantized.Embedding!, AsFloat(ws.Embedded.AsSpan(0, rows * Spec.EmbeddingSize)));
        else if (Spec.Input == InputKind.Embedding)
            Embedding.Forward<T>(ws.Tokens.AsSpan(0, rows), Value(snapshot, _parameters[ParameterNames.EmbeddingWeight]),
                ws.Embedded.AsSpan(0, rows * Spec.EmbeddingSize), Spec.EmbeddingSize);
        if (initial.Layers != _layers.Length)
            throw new ArgumentException($"The state has {initial.Layers} entries; this stack's has {_layers.Length}.", nameof(initial));
        int outputWidth = Spec.OutputWidth;
        for (int e = 0; e < _layers.Length; e++)
        {
            int k = e / _directions;
            var p = _layers[e];
            var buffers = ws.Layers[e];
            Span<T> gates = buffers.Gates.AsSpan(0, rows * width);
            ReadOnlySpan<T> bIh = Value(snapshot, p.BiasIh);
            if (_quantized is not null)
            {
                var weight = _quantized.Input[e];
                if (k == 0 && Spec.Input == InputKind.OneHot)
                    OneHotLinear.Forward(ws.Tokens.AsSpan(0, rows), weight, AsFloat(bIh), AsFloat(gates));
                else
                    Linear.Forward(AsFloat(LayerInput(ws, k, rows)), weight, AsFloat(bIh), AsFloat(gates), rows);
            }
            else if (k == 0 && Spec.Input == InputKind.OneHot)
            {
                if (snapshot is null)
                    OneHotLinear.Forward<T>(ws.Tokens.AsSpan(0, rows), _parameters.Value(p.WeightIh!), bIh, gates,
                        Spec.InputSize, width, ws.OneHotScratch);
                else
                    OneHotLinear.ForwardTransposed<T>(ws.Tokens.AsSpan(0, rows), snapshot.OneHotTransposed[e], bIh, gates,
                        Spec.InputSize, width);
            }
            else if (snapshot is not null && WeightSnapshot<T>.Streams(rows))
                Linear.Forward(LayerInput(ws, k, rows), snapshot.InputWeights[e]!, bIh, gates, rows);
            else
                Linear.Forward<T>(LayerInput(ws, k, rows), Value(snapshot, p.WeightIh!), bIh, gates,
                    rows, Spec.LayerInputSize(k), width);
            bool reverse = e % _directions == 1;
            if (reverse) // the reverse direction reads the window's (or each sequence's) last step first: its steps in its own order
                Reverse(gates, steps, batch, width, lengths);

            initial.HiddenOf(e).CopyTo(buffers.Hiddens);
            if (Cell.HasCellState)
                initial.CellOf(e).CopyTo(buffers.Cells);
            if (_quantized is not null)
                Layer.Forward(buffers, [], Value(snapshot, p.BiasHh), steps, batch, lengths: lengths, quantizedWHh: _quantized.Recurrent[e],
                    zoneoutMasks: zoneByMasks);
            else
                Layer.Forward(buffers, Value(snapshot, p.WeightHh!), Value(snapshot, p.BiasHh), steps, batch,
                    PackedRecurrentWeight(ws, e, steps), lengths, zoneoutMasks: zoneByMasks);
            if (e % _directions != _directions - 1)
                continue;
            ReadOnlySpan<T> output;
            if (_directions == 1)
                output = buffers.Hiddens.AsSpan(batch * hidden, rows * hidden);
            else
            {
                DirectionJoin.Join<T>(ws.Layers[e - 1].Hiddens, buffers.Hiddens, ws.Joined[k], steps, batch, hidden, lengths);
                output = ws.Joined[k].AsSpan(0, rows * outputWidth);
            }
            if (ws.Dropping)
                TensorPrimitives.Multiply(output, ws.DropoutMasks[k].AsSpan(0, rows * outputWidth), ws.Dropped[k].AsSpan(0, rows * outputWidth));
        }
    }

    /// <summary>Puts a reverse direction's (T·B × width) rows in the order it reads them, and back: the window's steps, or each sequence's.</summary>
    private static void Reverse(Span<T> values, int steps, int batch, int width, int[]? lengths)
    {
        if (lengths is null)
            DirectionJoin.ReverseSteps(values, steps, batch * width);
        else
            DirectionJoin.ReverseSequences(values, steps, batch, width, lengths);
    }

    /// <summary>
    /// Freezes the stack's current parameters into <paramref name="ws"/> (an inference workspace), with the weights
    /// packed for products with one row (with more rows, the input and head products read the copied values, and so
    /// does W_hh's above 1 MiB, as without a snapshot); from then on a Forward over <paramref name="ws"/> reads the snapshot and gives
    /// the same bits as the model would with those values. Taking it again refreshes it in place. A head adds its
    /// weight with <paramref name="headWeight"/> (its rows are the head's outputs).
    /// </summary>
    /// <exception cref="InvalidOperationException">The workspace is for training, or holds another model's snapshot.</exception>
    internal WeightSnapshot<T> TakeSnapshot(StackWorkspace<T> ws, ParameterInfo? headWeight)
    {
        if (_quantized is not null)
            throw new InvalidOperationException("A quantized model's weights are already in the layout its products read; it takes no snapshot.");
        if (ws.ForBackward)
            throw new InvalidOperationException("A weight snapshot serves inference; make the workspace with forBackward: false.");
        if (ws.Snapshot is { } taken && !ReferenceEquals(taken.Source, _parameters))
            throw new InvalidOperationException("This workspace holds a weight snapshot of another model.");
        var snapshot = ws.Snapshot ??= new WeightSnapshot<T>(_parameters, Spec, headWeight?.Shape[0] ?? 0);
        _parameters.Values.CopyTo(snapshot.Values);
        int width = Spec.GateCount * Spec.Hidden;
        for (int e = 0; e < _layers.Length; e++)
        {
            var p = _layers[e];
            if (e < _directions && Spec.Input == InputKind.OneHot)
                OneHotLinear.Transpose<T>(_parameters.Value(p.WeightIh!), snapshot.OneHotTransposed[e], width, Spec.InputSize);
            else
                snapshot.InputWeights[e]!.CopyFrom(_parameters.Value(p.WeightIh!));
            snapshot.RecurrentWeights[e].CopyFrom(_parameters.Value(p.WeightHh!));
        }
        if (headWeight is not null)
            snapshot.HeadWeight!.CopyFrom(_parameters.Value(headWeight));
        return snapshot;
    }

    private const long PackedWindowBytes = 1 << 20;

    /// <summary>
    /// The packed weight_hh of layer k that the window's per-step products read, or null for the weight itself (the
    /// same bits either way). A snapshot's, for up to 4 batch rows (streamed) or a weight of at most 1 MiB; else,
    /// without a snapshot, weight_hh packed into the workspace for this window when it is at most 1 MiB and the window
    /// longer than one step (packing costs about one product; it saves transposing the gates twice per step).
    /// Above 1 MiB the tiles re-read each slice of packed W from L2 for every 8 batch rows, and that measured slower
    /// than the transposes (inference, one thread: LSTM 1x128 +11%, 2x256 +5%, RNN 2x512 +3%; GRU 2x512 -7%,
    /// LSTM 2x512 -2%). Double, and floats without AVX2, read the weight itself.
    /// </summary>
    private PackedWeight<T>? PackedRecurrentWeight(StackWorkspace<T> ws, int layer, int steps)
    {
        ParameterInfo weightHh = _layers[layer].WeightHh!;
        if (ws.Snapshot is { } snapshot)
            return WeightSnapshot<T>.Streams(ws.Batch) || FitsL2(weightHh) ? snapshot.RecurrentWeights[layer] : null;
        if (steps < 2 || !PackedWeight<T>.IsPanels || !FitsL2(weightHh))
            return null;
        var packed = ws.PackedRecurrentWeight ??= new PackedWeight<T>(weightHh.Shape[0], weightHh.Shape[1]);
        packed.CopyFrom(_parameters.Value(weightHh));
        return packed;
    }

    /// <summary>Whether a weight is small enough (≤ 1 MiB of floats) for batched products to read it packed.</summary>
    private static bool FitsL2(ParameterInfo weight) => (long)weight.Length * sizeof(float) <= PackedWindowBytes;

    /// <summary>A parameter's values: from the snapshot when there is one, else the model's own.</summary>
    internal ReadOnlySpan<T> Value(WeightSnapshot<T>? snapshot, ParameterInfo info) =>
        snapshot is null ? _parameters.Value(info) : snapshot.Value(info);

    /// <summary>
    /// The top layer's outputs h(0..T-1) of the last Forward (T·B × H, row t·B + b; T·B × 2H, [h_forward(t); h_reverse(t)],
    /// when bidirectional), after dropout when it was applied.
    /// </summary>
    public ReadOnlySpan<T> Output(StackWorkspace<T> ws) => LayerOutput(ws, Spec.Layers - 1, ws.Steps * ws.Batch);

    /// <summary>
    /// Where a head adds dL/d<see cref="Output"/> (T·B × D·H), zeroed: call it once per Backward, before
    /// <see cref="Backward"/>; rows the head does not read keep their zero gradient.
    /// </summary>
    public Span<T> ClearedOutputGradient(StackWorkspace<T> ws) => ClearedOutputGradient(ws, Spec.Layers - 1, ws.Steps * ws.Batch);

    /// <summary>
    /// Backpropagation through time from dL/d(output) in <see cref="ClearedOutputGradient(StackWorkspace{T})"/>: adds dL/d(every rnn.* and
    /// embed.weight parameter) into the parameter set's gradients, and leaves the gradient of the initial state (and of
    /// dense inputs) in the workspace. The gradient stops at the window's start.
    /// </summary>
    /// <exception cref="InvalidOperationException">The workspace was made for inference.</exception>
    /// <param name="ws">The workspace of the last Forward, with dL/d(output) added.</param>
    /// <param name="temporalPenalty">β of TAR on the top layer's output before dropout (<see cref="OutputPenalties.Temporal"/>); 0: none.</param>
    public void Backward(StackWorkspace<T> ws, double temporalPenalty = 0)
    {
        if (_quantized is not null)
            throw new InvalidOperationException(QuantizedWeights.InferenceOnly);
        ws.EnsureForBackward();
        int steps = ws.Steps, batch = ws.Batch, rows = steps * batch, width = Spec.GateCount * Spec.Hidden;
        int top = Spec.Layers - 1, hidden = Spec.Hidden;
        ThroughDropout(ws, top, rows);
        if (temporalPenalty > 0)
            OutputPenalties.AddTemporalGradient(UndroppedOutput(ws, top, rows), UndroppedGradient(ws, top, rows), temporalPenalty, steps, batch,
                Spec.OutputWidth, ws.ActiveLengths);
        for (int k = top; k >= 0; k--)
        {
            if (_directions == 2)
                DirectionJoin.Split<T>(ws.JoinedGradient[k].AsSpan(0, rows * 2 * hidden), ws.Layers[2 * k].DHiddens.AsSpan(0, rows * hidden),
                    ws.Layers[2 * k + 1].DHiddens.AsSpan(0, rows * hidden), steps, batch, hidden, ws.ActiveLengths);
            int inputs = Spec.LayerInputSize(k);
            Span<T> dInput = k > 0 ? ClearedOutputGradient(ws, k - 1, rows)
                : Spec.Input == InputKind.Embedding ? ws.EmbeddedGradient.AsSpan(0, rows * inputs)
                : Spec.Input == InputKind.Dense ? ws.InputGradient.AsSpan(0, rows * inputs) : [];
            if (k == 0)
                dInput.Clear();
            for (int d = 0; d < _directions; d++)
            {
                var p = _layers[k * _directions + d];
                var buffers = ws.Layers[k * _directions + d];
                Layer.Backward(buffers, _parameters.Value(p.WeightHh!), _parameters.Gradient(p.WeightHh!),
                    _parameters.Gradient(p.BiasHh), steps, batch, ws.ActiveLengths);
                Span<T> dGates = buffers.DGates.AsSpan(0, rows * width);
                if (d == 1) // back to the window's order, as the input projections were computed
                    Reverse(dGates, steps, batch, width, ws.ActiveLengths);
                if (k == 0 && Spec.Input == InputKind.OneHot)
                    OneHotLinear.Backward<T>(ws.Tokens.AsSpan(0, rows), dGates, _parameters.Gradient(p.WeightIh!),
                        _parameters.Gradient(p.BiasIh), Spec.InputSize, width, ws.OneHotScratch);
                else
                    Linear.Backward<T>(LayerInput(ws, k, rows), _parameters.Value(p.WeightIh!), dGates,
                        _parameters.Gradient(p.WeightIh!), _parameters.Gradient(p.BiasIh), dInput, rows, inputs, width);
            }
            if (k > 0)
                ThroughDropout(ws, k - 1, rows);
            else if (Spec.Input == InputKind.Embedding)
                Embedding.Backward<T>(ws.Tokens.AsSpan(0, rows), ws.EmbeddedGradient.AsSpan(0, rows * Spec.EmbeddingSize),
                    _parameters.Gradient(ParameterNames.EmbeddingWeight), Spec.EmbeddingSize);
        }
    }

    /// <summary>
    /// The gradient of one LSTM gate's block of a recurrent parameter: the notes' dL/dW_i, dL/dW_f, dL/dW_c, dL/dW_o
    /// are <c>GateGradient("rnn.weight_hh_l0", LstmGate.Forget)</c> and so on, slices of the one gradient buffer.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stack is not an LSTM.</exception>
    /// <exception cref="ArgumentException">The parameter is not one of the rnn.* parameters.</exception>
    public Span<T> GateGradient(string parameterName, LstmGate gate)
    {
        if (_quantized is not null)
            throw new InvalidOperationException(QuantizedWeights.InferenceOnly);
        if (Spec.Cell != CellKind.Lstm)
            throw new InvalidOperationException("Gate gradients by name exist for LSTM models only.");
        if (!parameterName.StartsWith("rnn.", StringComparison.Ordinal) || !_parameters.Contains(parameterName))
            throw new ArgumentException($"{parameterName} is not a recurrent parameter of this model.", nameof(parameterName));
        var info = _parameters[parameterName];
        int blockLength = info.Length / 4;
        return _parameters.Gradient(info).Slice((int)gate * blockLength, blockLength);
    }

    /// <summary>Layer k's input (T·B × I_k): the embedded tokens or dense inputs for the first layer, else the output below.</summary>
    private ReadOnlySpan<T> LayerInput(StackWorkspace<T> ws, int layer, int rows)
    {
        if (layer > 0)
            return LayerOutput(ws, layer - 1, rows);
        int size = rows * Spec.LayerInputSize(0);
        return Spec.Input == InputKind.Dense ? ws.Inputs.AsSpan(0, size) : ws.Embedded.AsSpan(0, size);
    }

    /// <summary>Layer k's output (T·B × D·H), after dropout when the last Forward applied it.</summary>
    private ReadOnlySpan<T> LayerOutput(StackWorkspace<T> ws, int layer, int rows)
    {
        int size = rows * Spec.OutputWidth;
        return ws.Dropping ? ws.Dropped[layer].AsSpan(0, size)
            : _directions == 2 ? ws.Joined[layer].AsSpan(0, size)
            : ws.Layers[layer].Hiddens.AsSpan(ws.Batch * Spec.Hidden, size);
    }

    /// <summary>Layer k's output before dropout (T·B × D·H).</summary>
    private ReadOnlySpan<T> UndroppedOutput(StackWorkspace<T> ws, int layer, int rows) =>
        _directions == 2 ? ws.Joined[layer].AsSpan(0, rows * Spec.OutputWidth) : ws.Layers[layer].Hiddens.AsSpan(ws.Batch * Spec.Hidden, rows * Spec.Hidden);

    /// <summary>The top layer's output before dropout, as TAR reads it.</summary>
    public ReadOnlySpan<T> UndroppedOutput(StackWorkspace<T> ws) => UndroppedOutput(ws, Spec.Layers - 1, ws.Steps * ws.Batch);

    /// <summary>Where the gradient of layer k's output is accumulated, zeroed: after dropout if applied, else before it.</summary>
    private Span<T> ClearedOutputGradient(StackWorkspace<T> ws, int layer, int rows)
    {
        Span<T> gradient = ws.Dropping ? ws.DroppedGradient[layer].AsSpan(0, rows * Spec.OutputWidth) : UndroppedGradient(ws, layer, rows);
        gradient.Clear();
        return gradient;
    }

    /// <summary>dL/d(layer k's output before dropout): the joined gradient of a bidirectional layer, else its dL/dh.</summary>
    private Span<T> UndroppedGradient(StackWorkspace<T> ws, int layer, int rows) =>
        _directions == 2 ? ws.JoinedGradient[layer].AsSpan(0, rows * Spec.OutputWidth) : ws.Layers[layer].DHiddens.AsSpan(0, rows * Spec.Hidden);

    /// <summary>dL/d(output before dropout) = dL/d(dropped output) ⊙ mask, when dropout was applied.</summary>
    private void ThroughDropout(StackWorkspace<T> ws, int layer, int rows)
    {
        if (!ws.Dropping)
            return;
        int size = rows * Spec.OutputWidth;
        TensorPrimitives.Multiply(ws.DroppedGradient[layer].AsSpan(0, size), ws.DropoutMasks[layer].AsSpan(0, size),
            UndroppedGradient(ws, layer, rows));
    }

    private static Span<float> AsFloat(Span<T> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values);

    private static ReadOnlySpan<float> AsFloat(ReadOnlySpan<T> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values);

    /// <summary>An entry's parameters; the weights are null when the stack's matrices are quantized.</summary>
    private sealed record LayerParameters(ParameterInfo? WeightIh, ParameterInfo? WeightHh, ParameterInfo BiasIh, ParameterInfo BiasHh);
}

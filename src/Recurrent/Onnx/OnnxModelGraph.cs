// The one model, input -> recurrent stack -> head, as an ONNX graph (opset 17). Time-major throughout, as the ONNX
// recurrent operators and torch.nn.LSTM read a window: X is [T, B, ·].
//   input:  one-hot tokens (OneHot), embedded tokens (Gather on embed.weight) or real values ((x − mean) / scale);
//   stack:  one LSTM / GRU (linear_before_reset = 1, PyTorch's form) / RNN node per layer, both directions in one
//           node, each sequence's length as sequence_lens; layer k's Y [T, D, B, H] becomes layer k+1's X [T, B, D·H];
//   head:   the rows the readout reads (every step; each sequence's last N valid steps, GatherND; its final states;
//           the mean or maximum over its valid steps), then y = h·Wᵀ + b, softmax or the target scaling undone.
// The optional inputs (lengths, h0, c0) are initializers listed as graph inputs, which ONNX Runtime lets a caller
// override: lengths defaults to [int32.MaxValue] and is cut to T, the states to zeros of batch 1, broadcast to B.
using Onnx;
using Recurrent.Models;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Recurrent.Onnx;

/// <summary>Builds the ONNX graph of a model bundle.</summary>
internal sealed class OnnxModelGraph
{
    private readonly ModelBundle _model;
    private readonly ModelSpec _spec;
    private readonly OnnxGraph _graph;
    private string _steps = "", _batch = "", _stepsScalar = "";

    private OnnxModelGraph(ModelBundle model)
    {
        _model = model;
        _spec = model.Spec;
        _graph = new OnnxGraph("recurrent");
    }

    /// <summary>The graph of <paramref name="model"/>: its inputs, nodes, weights and outputs.</summary>
    public static GraphProto Build(ModelBundle model) => new OnnxModelGraph(model).Build();

    private GraphProto Build()
    {
        int states = _spec.Layers * _spec.Directions;
        string x = Input();
        string lengths = SequenceLengths();
        string h0 = State(OnnxNames.InitialHidden, "hidden", states);
        string? c0 = _spec.Cell == CellKind.Lstm ? State(OnnxNames.InitialCell, "cell", states) : null;

        var finalHidden = new List<string>();
        var finalCell = new List<string>();
        string y = x, topHidden = "";
        for (int k = 0; k < _spec.Layers; k++)
        {
            (y, topHidden, string? cell) = Layer(k, y, lengths, h0, c0);
            finalHidden.Add(topHidden);
            if (cell is not null)
                finalCell.Add(cell);
        }

        string head = Head(Readout(y, topHidden, lengths));
        Outputs(head);
        _graph.Output(Concat(finalHidden), OnnxNames.FinalHidden, DataType.Float, [states, "batch", _spec.Hidden],
            "the hidden state after each sequence's last valid step, layer-major as torch's h_n (index layer·directions + direction)");
        if (c0 is not null)
            _graph.Output(Concat(finalCell), OnnxNames.FinalCell, DataType.Float, [states, "batch", _spec.Hidden],
                "the cell state after each sequence's last valid step, as torch's c_n");
        return _graph.Graph;
    }

    /// <summary>The first layer's X, [T, B, I or D], and the graph's steps and batch as 1-D int64 tensors.</summary>
    private string Input()
    {
        string x;
        if (_spec.TakesTokens)
        {
            string tokens = _graph.Input(OnnxNames.Tokens, DataType.Int64, ["steps", "batch"],
                $"token indices in [0, {_spec.InputSize}), time-major");
            SetShape(tokens);
            x = _spec.Input == InputKind.Embedding
                ? _graph.Node("Gather", [_graph.Floats(ParameterNames.EmbeddingWeight, _model.Network.Parameters.Value(ParameterNames.EmbeddingWeight),
                    _spec.InputSize, _spec.EmbeddingSize), tokens])
                : _graph.Node("OneHot", [tokens, _graph.LongVector(_spec.InputSize), _graph.Floats("onehot_values", [0f, 1f], 2)], ("axis", -1L));
        }
        else
        {
            x = _graph.Input(OnnxNames.Inputs, DataType.Float, ["steps", "batch", _spec.InputSize],
                _model.InputScaling is null ? "real-valued inputs, time-major" : "real-valued inputs in data units, time-major (the graph standardises them)");
            SetShape(x);
            if (_model.InputScaling is { } scaling)
            {
                string centred = _graph.Node("Sub", [x, _graph.Floats("input_scaling.mean", ToFloats(scaling.Mean), _spec.InputSize)]);
                x = _graph.Node("Div", [centred, _graph.Floats("input_scaling.scale", ToFloats(scaling.Scale), _spec.InputSize)]);
            }
        }
        return x;
    }

    private void SetShape(string input)
    {
        _steps = _graph.Node("Shape", [input], ("start", 0L), ("end", 1L));
        _batch = _graph.Node("Shape", [input], ("start", 1L), ("end", 2L));
        _stepsScalar = _graph.Node("Squeeze", [_steps, _graph.LongVector(0)]);
    }

    /// <summary>int32 [B]: min(lengths, T), lengths broadcast from its default [int32.MaxValue] when not given.</summary>
    private string SequenceLengths()
    {
        string lengths = _graph.Ints(OnnxNames.Lengths, [int.MaxValue], 1);
        _graph.Input(OnnxNames.Lengths, DataType.Int32, ["batch"],
            "optional: each sequence's valid steps (at most steps; the rest is padding, never read); all steps when left out");
        string expanded = _graph.Node("Expand", [lengths, _batch]);
        return _graph.Node("Min", [expanded, _graph.Node("Cast", [_steps], ("to", (long)DataType.Int32))]);
    }

    /// <summary>The state input <paramref name="name"/> (zeros of batch 1 unless given), broadcast to [L·D, B, H].</summary>
    private string State(string name, string what, int states)
    {
        _graph.Floats(name, new float[states * _spec.Hidden], states, 1, _spec.Hidden);
        _graph.Input(name, DataType.Float, [states, "batch", _spec.Hidden],
            $"optional: the initial {what} state, layer-major as torch's (index layer·directions + direction); zeros when left out");
        string shape = _graph.Node("Concat", [_graph.LongVector(states), _batch, _graph.LongVector(_spec.Hidden)], ("axis", 0L));
        return _graph.Node("Expand", [name, shape]);
    }

    /// <summary>Layer k over X [T, B, ·]: its output [T, B, D·H] and its final states [D, B, H].</summary>
    private (string Y, string Hidden, string? Cell) Layer(int k, string x, string lengths, string h0, string? c0)
    {
        int directions = _spec.Directions, gates = _spec.GateCount, hidden = _spec.Hidden, input = _spec.LayerInputSize(k);
        var (w, r, b) = OnnxGateOrder.Layer(_spec, _model.Network.Parameters, k);
        string starts = _graph.LongVector(k * directions), ends = _graph.LongVector((k + 1) * directions), axis = _graph.LongVector(0);
        var inputs = new List<string>
        {
            x,
            _graph.Floats($"rnn.W_l{k}", w, directions, gates * hidden, input),
            _graph.Floats($"rnn.R_l{k}", r, directions, gates * hidden, hidden),
            _graph.Floats($"rnn.B_l{k}", b, directions, 2 * gates * hidden),
            lengths,
            _graph.Node("Slice", [h0, starts, ends, axis]),
        };
        if (c0 is not null)
            inputs.Add(_graph.Node("Slice", [c0, starts, ends, axis]));
        var attributes = new List<(string, object)> { ("hidden_size", (long)hidden), ("direction", directions == 2 ? "bidirectional" : "forward") };
        if (_spec.Cell == CellKind.Gru)
            attributes.Add(("linear_before_reset", 1L)); // torch's n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn))
        string op = _spec.Cell switch { CellKind.Lstm => "LSTM", CellKind.Gru => "GRU", _ => "RNN" };
        string[] outputs = _graph.Node(op, inputs, c0 is null ? 2 : 3, [.. attributes]);
        // Y [T, D, B, H] -> [T, B, D, H] -> [T, B, D·H]: each step's [h_forward; h_reverse], as the next layer reads it.
        string joined = _graph.Node("Transpose", [outputs[0]], ("perm", new long[] { 0, 2, 1, 3 }));
        string y = _graph.Node("Reshape", [joined, _graph.LongVector(0, 0, directions * hidden)]);
        return (y, outputs[1], c0 is null ? null : outputs[2]);
    }

    /// <summary>The rows the head reads: [T, B, D·H] for every step, [N, B, D·H] for the last N > 1, else [B, D·H].</summary>
    private string Readout(string y, string topHidden, string lengths)
    {
        int width = _spec.OutputWidth;
        switch (_spec.Readout)
        {
            case Models.Readout.EveryStep:
                return y;
            case Models.Readout.FinalStates: // [h_forward after the last valid step; h_reverse after step 0]
                string byBatch = _graph.Node("Transpose", [topHidden], ("perm", new long[] { 1, 0, 2 }));
                return _graph.Node("Reshape", [byBatch, _graph.LongVector(0, width)]);
            case Models.Readout.LastStep:
                return LastSteps(y, lengths);
            default:
                return Pooled(y, lengths);
        }
    }

    /// <summary>Each sequence's last N valid steps, steps length − N … length − 1, by GatherND over [B, T, D·H].</summary>
    private string LastSteps(string y, string lengths)
    {
        int last = _spec.ReadoutSteps;
        string byBatch = _graph.Node("Transpose", [y], ("perm", new long[] { 1, 0, 2 }));
        string first = _graph.Node("Sub", [_graph.Node("Cast", [lengths], ("to", (long)DataType.Int64)), _graph.LongScalar(last)]);
        string steps = _graph.Node("Range", [_graph.LongScalar(0), _graph.LongScalar(last), _graph.LongScalar(1)]);
        string indices = _graph.Node("Add", [_graph.Node("Unsqueeze", [first, _graph.LongVector(1)]), steps]);      // [B, N]
        string rows = _graph.Node("GatherND", [byBatch, _graph.Node("Unsqueeze", [indices, _graph.LongVector(2)])], ("batch_dims", 1L));
        return last == 1
            ? _graph.Node("Squeeze", [rows, _graph.LongVector(1)])
            : _graph.Node("Transpose", [rows], ("perm", new long[] { 1, 0, 2 }));
    }

    /// <summary>The mean or maximum of each sequence's outputs over its valid steps, [B, D·H].</summary>
    private string Pooled(string y, string lengths)
    {
        string steps = _graph.Node("Range", [_graph.LongScalar(0), _stepsScalar, _graph.LongScalar(1)]);               // [T]
        string lengths64 = _graph.Node("Cast", [lengths], ("to", (long)DataType.Int64));
        string valid = _graph.Node("Less", [_graph.Node("Unsqueeze", [steps, _graph.LongVector(1)]),
            _graph.Node("Unsqueeze", [lengths64, _graph.LongVector(0)])]);                                     // [T, B]
        string mask = _graph.Node("Unsqueeze", [valid, _graph.LongVector(2)]);                                 // [T, B, 1]
        if (_spec.Readout == Models.Readout.MaxOverSteps)
            return _graph.Node("ReduceMax", [_graph.Node("Where", [mask, y, _graph.Scalar(float.NegativeInfinity)])],
                ("axes", new long[] { 0 }), ("keepdims", 0L));
        string sum = _graph.Node("ReduceSum", [_graph.Node("Mul", [y, _graph.Node("Cast", [mask], ("to", (long)DataType.Float))]), _graph.LongVector(0)],
            ("keepdims", 0L));
        string count = _graph.Node("Cast", [_graph.Node("Unsqueeze", [lengths, _graph.LongVector(1)])], ("to", (long)DataType.Float));
        return _graph.Node("Div", [sum, count]);
    }

    /// <summary>y = rows·Wᵀ + b over the last axis.</summary>
    private string Head(string rows)
    {
        var parameters = _model.Network.Parameters;
        int outputs = _spec.OutputSize, width = _spec.OutputWidth;
        ReadOnlySpan<float> weight = parameters.Value(ParameterNames.HeadWeight);
        var transposed = new float[width * outputs];
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < width; i++)
                transposed[i * outputs + o] = weight[o * width + i];
        string product = _graph.Node("MatMul", [rows, _graph.Floats("head.weight_transposed", transposed, width, outputs)]);
        return _graph.Node("Add", [product, _graph.Floats(ParameterNames.HeadBias, parameters.Value(ParameterNames.HeadBias), outputs)]);
    }

    private void Outputs(string head)
    {
        int outputs = _spec.OutputSize;
        OnnxGraph.Dim[] dims = _spec.Readout switch
        {
            Models.Readout.EveryStep => ["steps", "batch", outputs],
            Models.Readout.LastStep when _spec.ReadoutSteps > 1 => [_spec.ReadoutSteps, "batch", outputs],
            _ => ["batch", outputs],
        };
        if (_spec.Head == HeadKind.Classification)
        {
            _graph.Output(head, OnnxNames.Logits, DataType.Float, dims, "the head's logits over the classes (the labels are in the metadata)");
            _graph.Output(_graph.Node("Softmax", [head], ("axis", -1L)), OnnxNames.Probabilities, DataType.Float, dims,
                "softmax of the logits: each class's probability");
            return;
        }
        string values = head;
        if (_model.TargetScaling is { } scaling)
            values = _graph.Node("Add", [_graph.Node("Mul", [head, _graph.Floats("target_scaling.scale", ToFloats(scaling.Scale), outputs)]),
                _graph.Floats("target_scaling.mean", ToFloats(scaling.Mean), outputs)]);
        _graph.Output(values, OnnxNames.Values, DataType.Float, dims,
            _model.TargetScaling is null ? "the head's predicted values" : "the head's predicted values in data units (the target scaling undone)");
    }

    private string Concat(List<string> parts) => parts.Count == 1 ? parts[0] : _graph.Node("Concat", parts, ("axis", 0L));

    private static float[] ToFloats(IReadOnlyList<double> values) => values.Select(v => (float)v).ToArray();
}

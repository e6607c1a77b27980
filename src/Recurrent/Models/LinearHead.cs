// A model's head: a Linear layer, head.weight (O × H; O × 2H when bidirectional) and head.bias (O), over the rows of the top layer's output
// that the readout selects (every step, or the last N steps' N·B rows), then the loss its kind calls for: softmax
// cross-entropy against classes, or the spec's regression loss against values (squared or absolute error, or the
// pinball loss of its quantiles). Backward writes the head's gradient
// into the stack's output gradient for those rows; the others keep their zero.
// With sequences of several lengths (StackWorkspace.Lengths), a head on the last N steps reads each sequence's own
// last N (out[lengths − N + s, b], gathered), and a head at every step averages its loss over the valid rows only.
// A head on a summary of each sequence (final states, mean, maximum) reads what SequencePooling gathers. A
// classification head weighs each row's loss by its class's weight when the workspace has class weights.
using System.Numerics;
using Recurrent.Layers;

namespace Recurrent.Models;

/// <summary>Forward, loss and Backward of a model's linear head over the rows its readout reads.</summary>
internal sealed class LinearHead<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ModelSpec _spec;
    private readonly ParameterSet<T> _parameters;
    private readonly double[] _quantiles; // the pinball loss's levels, as a span without allocating per step

    public LinearHead(ModelSpec spec, ParameterSet<T> parameters)
    {
        _spec = spec;
        _parameters = parameters;
        _quantiles = [.. spec.Quantiles];
        Weight = parameters[ParameterNames.HeadWeight];
        Bias = parameters[ParameterNames.HeadBias];
    }

    public ParameterInfo Weight { get; }

    public ParameterInfo Bias { get; }

    /// <summary>The head's parameters, after the stack's in the buffer (and state_dict) order.</summary>
    public static IEnumerable<(string Name, int[] Shape)> Layout(ModelSpec spec) =>
    [
        (ParameterNames.HeadWeight, [spec.OutputSize, spec.OutputWidth]),
        (ParameterNames.HeadBias, [spec.OutputSize]),
    ];

    /// <summary>Outputs (rows × O) = the selected rows of <paramref name="stackOutput"/> · Wᵀ + b, from the snapshot when there is one.</summary>
    public void Forward(ModelWorkspace<T> ws, ReadOnlySpan<T> stackOutput, WeightSnapshot<T>? snapshot)
    {
        int rows = _spec.OutputRows(ws.Steps, ws.Batch);
        ws.OutputRows = rows;
        Span<T> outputs = ws.Outputs.AsSpan(0, rows * _spec.OutputSize);
        ReadOnlySpan<T> input = SequencePooling.Pools(_spec.Readout) ? Pool(stackOutput, ws)
            : ws.ActiveLengths is { } lengths && _spec.Readout == Readout.LastStep ? GatherLastSteps(stackOutput, ws, lengths)
            : ReadRows(stackOutput, ws);
        if (snapshot is not null && WeightSnapshot<T>.Streams(rows))
            Linear.Forward(input, snapshot.HeadWeight!, snapshot.Value(Bias), outputs, rows);
        else
            Linear.Forward<T>(input, snapshot is null ? _parameters.Value(Weight) : snapshot.Value(Weight),
                snapshot is null ? _parameters.Value(Bias) : snapshot.Value(Bias), outputs, rows, _spec.OutputWidth, _spec.OutputSize);
    }

    /// <summary>
    /// The loss of the last Forward against the workspace's targets: the mean over the rows of −log softmax(outputs)[class]
    /// (nats) for classification; for regression the mean over rows·O of (y − target)², of |y − target|, or of the
    /// pinball loss max(τ·e, (τ − 1)·e), e = target − y, as <see cref="ModelSpec.Loss"/> says.
    /// </summary>
    public double Loss(ModelWorkspace<T> ws)
    {
        if (MaskedRows(ws) is { } valid)
        {
            valid.Gather(ws, ws.ActiveLengths!);
            int n = valid.Count, compact = n * _spec.OutputSize;
            if (_spec.Head != HeadKind.Classification)
                return RegressionLossOf(valid.Outputs.AsSpan(0, compact), valid.TargetValues.AsSpan(0, compact));
            double loss = SoftmaxCrossEntropy.Forward<T>(valid.Outputs.AsSpan(0, compact), valid.Targets.AsSpan(0, n),
                valid.Probabilities.AsSpan(0, compact), _spec.OutputSize, ws.ClassWeightSpan);
            valid.Scatter(valid.Probabilities.AsSpan(0, compact), ws.Probabilities.AsSpan(0, ws.OutputRows * _spec.OutputSize), ws, ws.ActiveLengths!);
            return loss;
        }
        int rows = ws.OutputRows, size = rows * _spec.OutputSize;
        ReadOnlySpan<T> outputs = ws.Outputs.AsSpan(0, size);
        if (_spec.Head == HeadKind.Classification)
            return SoftmaxCrossEntropy.Forward<T>(outputs, ws.Targets.AsSpan(0, rows), ws.Probabilities.AsSpan(0, size), _spec.OutputSize, ws.ClassWeightSpan);
        return RegressionLossOf(outputs, ws.TargetValues.AsSpan(0, size));
    }

    /// <summary>The compact valid rows of a head at every step over sequences of several lengths (made on first use), else null.</summary>
    private ValidRows<T>? MaskedRows(ModelWorkspace<T> ws) =>
        ws.ActiveLengths is null || _spec.Readout != Readout.EveryStep ? null
            : ws.ValidRows ??= new ValidRows<T>(ws.MaxOutputRows, _spec.OutputSize, _spec.Head == HeadKind.Classification);

    private double RegressionLossOf(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
    {
        return _spec.Loss switch
        {
            RegressionLoss.MeanAbsoluteError => MeanAbsoluteError.Forward(outputs, targets),
            RegressionLoss.Quantile => PinballLoss.Forward(outputs, targets, _quantiles, _spec.OutputSize),
            _ => MeanSquaredError.Forward(outputs, targets),
        };
    }

    /// <summary>
    /// Adds dL/d(head.weight, head.bias) of the last Loss and writes dL/d(selected rows) into <paramref name="dStackOutput"/>
    /// (zeroed by the caller).
    /// </summary>
    public void Backward(ModelWorkspace<T> ws, ReadOnlySpan<T> stackOutput, Span<T> dStackOutput)
    {
        int rows = ws.OutputRows, size = rows * _spec.OutputSize;
        Span<T> dOutputs = ws.DOutputs.AsSpan(0, size);
        dOutputs.Clear();
        if (MaskedRows(ws) is { } valid)
        {
            int compact = valid.Count * _spec.OutputSize;
            Span<T> dValid = valid.DOutputs.AsSpan(0, compact);
            dValid.Clear();
            if (_spec.Head == HeadKind.Classification)
                SoftmaxCrossEntropy.Backward<T>(valid.Probabilities.AsSpan(0, compact), valid.Targets.AsSpan(0, valid.Count), dValid, _spec.OutputSize,
                    ws.ClassWeightSpan);
            else
                RegressionBackward(valid.Outputs.AsSpan(0, compact), valid.TargetValues.AsSpan(0, compact), dValid);
            valid.Scatter(dValid, dOutputs, ws, ws.ActiveLengths!);
        }
        else if (_spec.Head == HeadKind.Classification)
            SoftmaxCrossEntropy.Backward<T>(ws.Probabilities.AsSpan(0, size), ws.Targets.AsSpan(0, rows), dOutputs, _spec.OutputSize, ws.ClassWeightSpan);
        else
            RegressionBackward(ws.Outputs.AsSpan(0, size), ws.TargetValues.AsSpan(0, size), dOutputs);
        bool pools = SequencePooling.Pools(_spec.Readout);
        if (pools || (ws.ActiveLengths is not null && _spec.Readout == Readout.LastStep))
        {
            Span<T> dInput = ws.HeadInputGradient.AsSpan(0, rows * _spec.OutputWidth);
            dInput.Clear();
            Linear.Backward<T>(ws.HeadInput.AsSpan(0, rows * _spec.OutputWidth), _parameters.Value(Weight), dOutputs,
                _parameters.Gradient(Weight), _parameters.Gradient(Bias), dInput, rows, _spec.OutputWidth, _spec.OutputSize);
            if (pools)
            {
                SequencePooling.Backward<T>(_spec.Readout, dInput, ws.PoolArgMax, dStackOutput, ws.Steps, ws.Batch, _spec.Hidden,
                    _spec.Directions, ws.ActiveLengths);
                return;
            }
            int[] lengths = ws.ActiveLengths!;
            for (int s = 0; s < _spec.ReadoutSteps; s++)
                for (int b = 0; b < ws.Batch; b++)
                    dInput.Slice((s * ws.Batch + b) * _spec.OutputWidth, _spec.OutputWidth)
                        .CopyTo(dStackOutput.Slice((LastStep(lengths, b, s, ws.Steps) * ws.Batch + b) * _spec.OutputWidth, _spec.OutputWidth));
            return;
        }
        Linear.Backward<T>(ReadRows(stackOutput, ws), _parameters.Value(Weight), dOutputs, _parameters.Gradient(Weight),
            _parameters.Gradient(Bias), ReadRows(dStackOutput, ws), rows, _spec.OutputWidth, _spec.OutputSize);
    }

    /// <summary>
    /// The rows a head on the last N steps reads from sequences of several lengths: row s·B + b is sequence b's step
    /// min(lengths[b], T) − N + s, its own last N steps (torch: out[lengths − N + s, arange(B)] after pad_packed_sequence).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A sequence is shorter than the N steps the head reads.</exception>
    private ReadOnlySpan<T> GatherLastSteps(ReadOnlySpan<T> stackOutput, ModelWorkspace<T> ws, int[] lengths)
    {
        int width = _spec.OutputWidth, n = _spec.ReadoutSteps;
        Span<T> input = ws.HeadInput.AsSpan(0, n * ws.Batch * width);
        for (int b = 0; b < ws.Batch; b++)
            if (lengths[b] < n)
                throw new ArgumentOutOfRangeException(nameof(ws), lengths[b], $"The head reads the last {n} steps of every sequence; sequence {b} has {lengths[b]}.");
        for (int s = 0; s < n; s++)
            for (int b = 0; b < ws.Batch; b++)
                stackOutput.Slice((LastStep(lengths, b, s, ws.Steps) * ws.Batch + b) * width, width).CopyTo(input.Slice((s * ws.Batch + b) * width, width));
        return input;
    }

    /// <summary>Each sequence's summary (final states, mean or maximum over its valid steps), B rows, gathered into the head's input.</summary>
    private ReadOnlySpan<T> Pool(ReadOnlySpan<T> stackOutput, ModelWorkspace<T> ws)
    {
        Span<T> input = ws.HeadInput.AsSpan(0, ws.Batch * _spec.OutputWidth);
        SequencePooling.Forward<T>(_spec.Readout, stackOutput, input, ws.PoolArgMax, ws.Steps, ws.Batch, _spec.Hidden, _spec.Directions,
            ws.ActiveLengths);
        return input;
    }

    private int LastStep(int[] lengths, int b, int s, int steps) => Math.Min(lengths[b], steps) - _spec.ReadoutSteps + s;

    private void RegressionBackward(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, Span<T> dOutputs)
    {
        switch (_spec.Loss)
        {
            case RegressionLoss.MeanAbsoluteError:
                MeanAbsoluteError.Backward(outputs, targets, dOutputs);
                break;
            case RegressionLoss.Quantile:
                PinballLoss.Backward(outputs, targets, _quantiles, _spec.OutputSize, dOutputs);
                break;
            default:
                MeanSquaredError.Backward(outputs, targets, dOutputs);
                break;
        }
    }

    private ReadOnlySpan<T> ReadRows(ReadOnlySpan<T> rows, StackWorkspace<T> ws) => rows[RowsRead(ws)];

    private Span<T> ReadRows(Span<T> rows, StackWorkspace<T> ws) => rows[RowsRead(ws)];

    /// <summary>Where the rows the head reads lie in a (T·B × D·H) buffer: all of them, or the last N steps' N·B.</summary>
    private Range RowsRead(StackWorkspace<T> ws) => _spec.Readout == Readout.EveryStep
        ? Range.All
        : new Range((ws.Steps - _spec.ReadoutSteps) * ws.Batch * _spec.OutputWidth, ws.Steps * ws.Batch * _spec.OutputWidth);
}

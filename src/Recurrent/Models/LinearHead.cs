// A model's head: a Linear layer, head.weight (O × H; O × 2H when bidirectional) and head.bias (O), over the rows of the top layer's output
// that the readout selects (every step, or the last N steps' N·B rows), then the loss its kind calls for: softmax
// cross-entropy against classes, or the spec's regression loss against values (squared or absolute error, or the
// pinball loss of its quantiles). Backward writes the head's gradient
// into the stack's output gradient for those rows; the others keep their zero.
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
        ReadOnlySpan<T> input = ReadRows(stackOutput, ws);
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
        int rows = ws.OutputRows, size = rows * _spec.OutputSize;
        ReadOnlySpan<T> outputs = ws.Outputs.AsSpan(0, size);
        if (_spec.Head == HeadKind.Classification)
            return SoftmaxCrossEntropy.Forward<T>(outputs, ws.Targets.AsSpan(0, rows), ws.Probabilities.AsSpan(0, size), _spec.OutputSize);
        ReadOnlySpan<T> targets = ws.TargetValues.AsSpan(0, size);
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
        if (_spec.Head == HeadKind.Classification)
            SoftmaxCrossEntropy.Backward<T>(ws.Probabilities.AsSpan(0, size), ws.Targets.AsSpan(0, rows), dOutputs, _spec.OutputSize);
        else
            RegressionBackward(ws.Outputs.AsSpan(0, size), ws.TargetValues.AsSpan(0, size), dOutputs);
        Linear.Backward<T>(ReadRows(stackOutput, ws), _parameters.Value(Weight), dOutputs, _parameters.Gradient(Weight),
            _parameters.Gradient(Bias), ReadRows(dStackOutput, ws), rows, _spec.OutputWidth, _spec.OutputSize);
    }

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

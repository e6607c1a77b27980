// Windows of a real-valued series for one-step-ahead prediction: the inputs are T consecutive rows (every feature
// of each), the targets the chosen columns of the row after each step (a head at every step) or of the row after
// the window (a head on the last step). A series of n rows has n − T windows. Training visits them in a fresh
// shuffle every epoch (independent windows, each from the zero state, floor((n − T)/B) batches an epoch; the
// remainder waits for another epoch's shuffle); a validation reads them all in order.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>The windows of a series (n rows × F features) with the next row's target columns: a batch source and an example set.</summary>
public sealed class SeriesWindows : ExampleSource
{
    private readonly double[] _series;
    private readonly int _features;
    private readonly int[] _targets;
    private readonly bool _everyStep;

    /// <param name="series">n rows of <paramref name="features"/> values, row after row (already scaled, if scaling is wanted).</param>
    /// <param name="features">F, the values of a row; the model reads all of them (I = F).</param>
    /// <param name="targetColumns">The columns the head predicts (O of them), from the row after a step.</param>
    /// <param name="steps">T, the rows of a window.</param>
    /// <param name="batch">B, the windows of a training batch.</param>
    /// <param name="everyStep">True: a target after every step (a head at every step); false: after the window only (a head on the last step).</param>
    /// <param name="seed">The seed of the per-epoch shuffles.</param>
    /// <param name="shuffle">False: epochs visit the windows in order.</param>
    /// <exception cref="ArgumentException">A size is wrong, a column is out of range, or a value is not finite.</exception>
    /// <exception cref="RecurrentException">The series is too short for one batch of windows.</exception>
    public SeriesWindows(double[] series, int features, IReadOnlyList<int> targetColumns, int steps, int batch, bool everyStep,
        ulong seed = 1, bool shuffle = true)
        : base(Windows(series, features, steps, batch), steps, batch, seed, shuffle)
    {
        if (targetColumns.Count == 0 || targetColumns.Any(c => c < 0 || c >= features))
            throw new ArgumentException($"Target columns must be at least one of [0, {features}).", nameof(targetColumns));
        if (Array.FindIndex(series, v => !double.IsFinite(v)) is int bad and >= 0)
            throw new ArgumentException($"Row {bad / features}, column {bad % features} is {series[bad]}, not a finite number.", nameof(series));
        _series = series;
        _features = features;
        _targets = [.. targetColumns];
        _everyStep = everyStep;
    }

    /// <summary>n − T, the windows of a series of n rows; refuses sizes that leave less than one batch.</summary>
    private static int Windows(double[] series, int features, int steps, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (series.Length % features != 0)
            throw new ArgumentException($"The series is not a whole number of rows of {features} values.", nameof(series));
        int rows = series.Length / features;
        if (rows - steps < batch)
            throw new RecurrentException(
                $"The series has {rows} rows, too few for a batch of {batch} windows of {steps} (batch + seqLen = {(long)batch + steps} rows needed); " +
                "lower batch or seqLen, or use a longer series.", "batch", "seqLen");
        return rows - steps;
    }

    private protected override void Check<T>(BatchBuffers<T> batch, int sequences)
    {
        int rows = Steps * sequences, targetRows = _everyStep ? rows : sequences;
        if (batch.Inputs.Length != rows * _features || batch.TargetValues.Length != targetRows * _targets.Length || !batch.Tokens.IsEmpty || !batch.Targets.IsEmpty)
            throw new ArgumentException($"Windows of a series need {rows * _features} input values and {targetRows * _targets.Length} target values " +
                "(a model of real-valued inputs with a regression head).", nameof(batch));
    }

    /// <summary>Window <paramref name="example"/> as sequence b of B: its rows as inputs, the next rows' target columns as targets.</summary>
    private protected override void Write<T>(int example, int b, int sequences, BatchBuffers<T> batch)
    {
        int outputs = _targets.Length;
        for (int t = 0; t < Steps; t++)
        {
            int row = example + t, at = (t * sequences + b) * _features;
            for (int f = 0; f < _features; f++)
                batch.Inputs[at + f] = T.CreateChecked(_series[row * _features + f]);
            if (_everyStep)
                WriteTargets(row + 1, (t * sequences + b) * outputs, batch.TargetValues);
        }
        if (!_everyStep)
            WriteTargets(example + Steps, b * outputs, batch.TargetValues);
    }

    private void WriteTargets<T>(int row, int at, Span<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < _targets.Length; o++)
            targets[at + o] = T.CreateChecked(_series[row * _features + _targets[o]]);
    }
}

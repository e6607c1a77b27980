// One line of the metrics log: what a training step measured. Plain data; MetricsCsv turns it into
// text and back, MetricsLog keeps the file.
namespace Recurrent.Training;

/// <summary>
/// What training step <paramref name="Step"/> (1-based; 0 may hold a measurement before the first step) of epoch
/// <paramref name="Epoch"/> (0-based) measured: the training loss of its window and the validation loss (both in
/// nats/char; the validation loss is null on steps that did not validate), the learning rate it used, the global
/// gradient norm before clipping, the throughput in tokens (characters) per second and the seconds since the run
/// started. The last two are timing and differ between runs; every other field is a function of the seed.
/// </summary>
public readonly record struct MetricsRecord(
    long Step,
    long Epoch,
    double TrainLoss,
    double? ValidationLoss,
    double LearningRate,
    double GradientNorm,
    double TokensPerSecond,
    double ElapsedSeconds);

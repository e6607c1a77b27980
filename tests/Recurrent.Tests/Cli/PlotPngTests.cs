// LossPlot writes a real PNG of the requested size, with both curves drawn in their colours, whole or not
// at all; and it picks its series from the records (smoothing for long runs, non-finite losses left out).
using Recurrent.Cli.Plotting;
using Recurrent.Tests.IO;
using Recurrent.Tests.Training;
using Recurrent.Training;
using ScottPlot;
using SkiaSharp;

namespace Recurrent.Tests.Cli;

public sealed class PlotPngTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Width and height from the IHDR chunk, which a PNG must start with after its signature.</summary>
    internal static (int Width, int Height) AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal([0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'], bytes[8..16]);
        int BigEndian(int at) => bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3];
        Assert.Equal([(byte)'I', (byte)'E', (byte)'N', (byte)'D'], bytes[^8..^4]);
        return (BigEndian(16), BigEndian(20));
    }

    private static int CountPixelsNear(SKBitmap bitmap, Color color)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (Math.Abs(pixel.Red - color.R) + Math.Abs(pixel.Green - color.G) + Math.Abs(pixel.Blue - color.B) < 30)
                    count++;
            }
        return count;
    }

    [Fact]
    public void Writes_a_PNG_of_the_default_size_with_both_curves_in_their_colours()
    {
        string path = _dir.File("run.metrics.png");
        LossPlot.Write(MetricsLogTests.Run(2000, validateEvery: 100), path, "run");

        Assert.Equal((LossPlot.DefaultWidth, LossPlot.DefaultHeight), AssertPng(path));
        Assert.InRange(new FileInfo(path).Length, 10_000, 5_000_000);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(900, bitmap.Width);
        Assert.True(CountPixelsNear(bitmap, Colors.C0) > 500, "the smoothed training curve is missing");
        Assert.True(CountPixelsNear(bitmap, Colors.C1) > 500, "the validation curve is missing");
        Assert.True(CountPixelsNear(bitmap, Colors.White) > 900 * 500 / 2, "the background should be mostly white");
        Assert.Equal(["run.metrics.png"], _dir.ListFiles()); // no temporary file left behind
    }

    [Theory]
    [InlineData(640, 360)]
    [InlineData(1600, 900)]
    public void Writes_the_requested_size(int width, int height)
    {
        string path = _dir.File("sized.png");
        LossPlot.Write(MetricsLogTests.Run(300), path, "sized", width, height);
        Assert.Equal((width, height), AssertPng(path));
    }

    [Fact]
    public void Replaces_an_older_plot()
    {
        string path = _dir.File("again.png");
        File.WriteAllText(path, "not a png");
        LossPlot.Write(MetricsLogTests.Run(50), path, "again");
        AssertPng(path);
    }

    [Fact]
    public void Long_runs_get_a_labelled_moving_average_and_short_ones_only_the_raw_loss()
    {
        string[] Legends(int steps) =>
            LossPlot.Build(MetricsLogTests.Run(steps, validateEvery: 10), "t").GetPlottables()
                .OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText).ToArray();

        Assert.Equal(["training loss, per step", "training loss, centred mean of 41 steps", "validation loss (best 1.5034 at step 2000)"],
            Legends(2000));
        Assert.Equal(["training loss", "validation loss (best 3.4346 at step 100)"], Legends(100));
    }

    [Fact]
    public void Non_finite_losses_are_left_out_and_a_run_without_a_finite_loss_still_plots()
    {
        var records = MetricsLogTests.Run(20, validateEvery: 5);
        records[19] = records[19] with { TrainLoss = double.NaN, ValidationLoss = double.PositiveInfinity };
        var scatters = LossPlot.Build(records, "nan").GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();
        Assert.Equal(19, scatters[0].Data.GetScatterPoints().Count);
        Assert.Equal(3, scatters[1].Data.GetScatterPoints().Count);

        string path = _dir.File("nan.png");
        LossPlot.Write([new MetricsRecord(1, 0, double.NaN, null, 0.002, double.NaN, 1, 1)], path, "all NaN");
        AssertPng(path);
    }

    [Fact]
    public void A_single_step_plots()
    {
        string path = _dir.File("one.png");
        LossPlot.Write([new MetricsRecord(1, 0, 4.17, 4.18, 0.002, 2, 1, 1)], path, "one step");
        AssertPng(path);
    }

    [Fact]
    public void Refuses_no_records_and_reports_an_unwritable_path()
    {
        Assert.Throws<ArgumentException>(() => LossPlot.Write([], _dir.File("empty.png"), "empty"));
        string path = Path.Combine(_dir.Path, "no-such-dir", "x.png");
        var error = Assert.Throws<RecurrentException>(() => LossPlot.Write(MetricsLogTests.Run(5), path, "x"));
        Assert.Contains("Cannot write the plot", error.Message);
        Assert.Empty(_dir.ListFiles());
    }

    [Theory]
    [InlineData("runs/model.metrics.csv", "runs/model.metrics.png")]
    [InlineData("log.csv", "log.png")]
    public void The_default_plot_path_is_the_log_path_with_png(string metrics, string expected) =>
        Assert.Equal(expected, LossPlot.PathFor(metrics).Replace('\\', '/'));
}

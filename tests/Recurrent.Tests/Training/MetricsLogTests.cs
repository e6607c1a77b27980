// The metrics log: exact CSV text, round trip to the same doubles, crash tolerance (a cut last line), resume
// truncation (a resumed log equals an uninterrupted one but for timing), and clear errors for bad files.
using System.Globalization;
using System.Text;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class MetricsLogTests : IDisposable
{
    private const string Header = "step,epoch,train_loss,val_loss,lr,grad_norm,tokens_per_sec,elapsed_sec";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A plausible run: loss falling from ln(65), validation every <paramref name="validateEvery"/> steps.</summary>
    internal static MetricsRecord[] Run(int steps, int validateEvery = 10, double timingScale = 1)
    {
        var records = new MetricsRecord[steps];
        for (int k = 0; k < steps; k++)
        {
            long step = k + 1;
            double train = 1.4 + 2.8 * Math.Exp(-step / 300.0) + 0.1 * Math.Sin(step * 1.7);
            double? validation = step % validateEvery == 0 ? 1.5 + 2.7 * Math.Exp(-step / 300.0) : null;
            records[k] = new MetricsRecord(step, step / 100, train, validation, 2e-3 * Math.Pow(0.97, step / 100),
                0.5 + 1.0 / step, 20_000 * timingScale + step, step * 0.05 * timingScale);
        }
        return records;
    }

    private static void AssertSameIgnoringTiming(IReadOnlyList<MetricsRecord> expected, IReadOnlyList<MetricsRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int k = 0; k < expected.Count; k++)
            Assert.Equal(expected[k] with { TokensPerSecond = 0, ElapsedSeconds = 0 }, actual[k] with { TokensPerSecond = 0, ElapsedSeconds = 0 });
    }

    private string WriteLog(string name, IEnumerable<MetricsRecord> records)
    {
        string path = _dir.File(name);
        using var log = MetricsLog.Create(path);
        foreach (var record in records)
            log.Append(record);
        return path;
    }

    [Fact]
    public void Lines_are_invariant_CSV_with_an_empty_field_for_a_missing_validation_loss()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = comma; // a user whose locale writes 1,5: the log must not follow it
        try
        {
            string path = WriteLog("a.metrics.csv", [
                new MetricsRecord(1, 0, 4.25, null, 0.002, 3.5, 12345.6789, 0.12345),
                new MetricsRecord(2, 0, 0.1 + 0.2, 1.5, 1e-4, 0.25, 99, 1234.5),
            ]);
            Assert.Equal(
                $"{Header}\n1,0,4.25,,0.002,3.5,12345.7,0.123\n2,0,0.30000000000000004,1.5,0.0001,0.25,99,1234.5\n",
                File.ReadAllText(path));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Losses_rates_and_norms_read_back_to_the_same_bits_and_timing_to_its_rounding()
    {
        MetricsRecord[] records =
        [
            new(0, 0, Math.Log(65), Math.Log(65), 2e-3, 0, 0, 0),
            new(1, 0, 1.0 / 3, null, 1e-300, double.Epsilon, 1e-9, 1e-9),
            new(2, 1, double.MaxValue, -0.0, double.MinValue, 123456789.123456789, 1234567.891, 3600.0004),
            new(long.MaxValue - 1, long.MaxValue, 1.4142135623730951, 2.718281828459045, 7e-7, 5, 2e6, 86400 * 30),
        ];
        string path = WriteLog("b.metrics.csv", records);
        var read = MetricsLog.Read(path);
        AssertSameIgnoringTiming(records, read);
        for (int k = 0; k < records.Length; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(records[k].TrainLoss), BitConverter.DoubleToInt64Bits(read[k].TrainLoss));
            Assert.Equal(Math.Round(records[k].TokensPerSecond, 1), read[k].TokensPerSecond);
            Assert.Equal(Math.Round(records[k].ElapsedSeconds, 3), read[k].ElapsedSeconds);
        }
        Assert.True(double.IsNegative(read[2].ValidationLoss!.Value)); // -0 keeps its sign
    }

    [Fact]
    public void Non_finite_values_are_kept_as_NaN_and_Infinity_and_differ_from_a_missing_validation_loss()
    {
        MetricsRecord[] records =
        [
            new(1, 0, double.NaN, double.NaN, 0.002, double.PositiveInfinity, 10, 1),
            new(2, 0, double.PositiveInfinity, null, 0.002, double.NegativeInfinity, 10, 2),
        ];
        string path = WriteLog("nan.metrics.csv", records);
        Assert.Equal($"{Header}\n1,0,NaN,NaN,0.002,Infinity,10,1\n2,0,Infinity,,0.002,-Infinity,10,2\n", File.ReadAllText(path));
        var read = MetricsLog.Read(path);
        Assert.True(double.IsNaN(read[0].TrainLoss));
        Assert.True(read[0].ValidationLoss is double v && double.IsNaN(v));
        Assert.Null(read[1].ValidationLoss);
        Assert.Equal(double.PositiveInfinity, read[1].TrainLoss);
        Assert.Equal(double.NegativeInfinity, read[1].GradientNorm);
    }

    [Fact]
    public void Each_appended_line_is_in_the_file_at_once_for_a_reader_while_the_run_goes_on()
    {
        string path = _dir.File("live.metrics.csv");
        using var log = MetricsLog.Create(path);
        Assert.Empty(MetricsLog.Read(path));
        var records = Run(3);
        for (int k = 0; k < records.Length; k++)
        {
            log.Append(records[k]);
            Assert.Equal(k + 1, MetricsLog.Read(path).Count);
            Assert.Equal(records[k], log.Last);
        }
    }

    [Fact]
    public void Steps_must_increase()
    {
        using var log = MetricsLog.Create(_dir.File("order.metrics.csv"));
        log.Append(Run(5)[4]);
        Assert.Throws<ArgumentException>(() => log.Append(Run(5)[4]));
        Assert.Throws<ArgumentException>(() => log.Append(Run(5)[1]));
    }

    [Fact]
    public void Append_allocates_nothing()
    {
        using var log = MetricsLog.Create(_dir.File("alloc.metrics.csv"));
        var records = Run(200);
        for (int k = 0; k < 100; k++)
            log.Append(records[k]); // warm up: JIT, tiering
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 100; k < 200; k++)
            log.Append(records[k]);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_resumed_run_keeps_the_records_up_to_its_checkpoint_and_ends_with_the_uninterrupted_log()
    {
        var uninterrupted = Run(50);
        var crashed = Run(37, timingScale: 1.3); // the same run, slower: it logged 37 steps, its checkpoint was at step 30
        string path = WriteLog("resume.metrics.csv", crashed);
        File.AppendAllText(path, "38,0,1.23"); // and it was killed in the middle of line 38

        using (var log = MetricsLog.Resume(path, step: 30))
        {
            Assert.Equal(30, log.Last!.Value.Step);
            Assert.Equal(crashed[29].ElapsedSeconds, log.Last!.Value.ElapsedSeconds, 3);
            foreach (var record in uninterrupted[30..])
                log.Append(record);
        }
        AssertSameIgnoringTiming(uninterrupted, MetricsLog.Read(path));
        Assert.Equal(51, File.ReadAllLines(path).Length); // header + 50 lines, nothing left of the cut line
    }

    [Fact]
    public void Resume_before_the_first_record_keeps_the_header_only()
    {
        string path = WriteLog("zero.metrics.csv", Run(5));
        using (var log = MetricsLog.Resume(path, step: 0))
            Assert.Null(log.Last);
        Assert.Equal(Header + "\n", File.ReadAllText(path));
    }

    [Fact]
    public void Resume_without_a_log_or_with_a_cut_header_starts_a_new_one()
    {
        string missing = _dir.File("missing.metrics.csv"), cut = _dir.File("cut.metrics.csv");
        File.WriteAllText(cut, "step,epoch,train_lo");
        foreach (string path in new[] { missing, cut })
        {
            using (var log = MetricsLog.Resume(path, step: 100))
            {
                Assert.Null(log.Last);
                log.Append(Run(101)[100]);
            }
            Assert.Equal(101, Assert.Single(MetricsLog.Read(path)).Step);
        }
    }

    [Fact]
    public void Resume_leaves_a_file_that_is_not_a_metrics_log_untouched()
    {
        string path = _dir.File("notes.metrics.csv");
        File.WriteAllText(path, "my notes\nline two\n");
        var error = Assert.Throws<RecurrentException>(() => MetricsLog.Resume(path, 3));
        Assert.Contains("is not a metrics log", error.Message);
        Assert.Equal("my notes\nline two\n", File.ReadAllText(path));
    }

    [Fact]
    public void Read_ignores_a_cut_last_line_and_blank_lines_and_accepts_CRLF_and_a_BOM()
    {
        string path = _dir.File("tolerant.metrics.csv");
        string body = $"{Header}\r\n1,0,4.2,,0.002,3,100,0.5\r\n\r\n2,0,4.1,4.3,0.002,2.5,100,1\r\n3,0,4.0,";
        File.WriteAllBytes(path, [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(body)]);
        var read = MetricsLog.Read(path);
        Assert.Equal([1L, 2L], read.Select(r => r.Step));
        Assert.Equal(4.3, read[1].ValidationLoss);
    }

    public static TheoryData<string, string> MalformedLines() => new()
    {
        { "1,0,4.2,,0.002,3,100", "line 2: expected 8 comma-separated fields, found 7" },
        { "1,0,4.2,,0.002,3,100,0.5,9", "found 9" },
        { "1,0,abc,,0.002,3,100,0.5", "train_loss 'abc' is not a number" },
        { "1,0,,,0.002,3,100,0.5", "train_loss is empty" },
        { "-1,0,4.2,,0.002,3,100,0.5", "step '-1' is not a whole number" },
        { "1.5,0,4.2,,0.002,3,100,0.5", "step '1.5' is not a whole number" },
        { "1,x,4.2,,0.002,3,100,0.5", "epoch 'x'" },
        { "1,0,4.2,4;3,0.002,3,100,0.5", "val_loss '4;3' is not a number" },
        { "1,0,4.2,,0.002,3,100,\t", "elapsed_sec '?' is not a number" },
    };

    [Theory]
    [MemberData(nameof(MalformedLines))]
    public void Read_names_the_line_and_field_that_is_wrong(string line, string message)
    {
        string path = _dir.File("bad.metrics.csv");
        File.WriteAllText(path, $"{Header}\n{line}\n2,0,4.1,,0.002,3,100,1\n");
        var error = Assert.Throws<RecurrentException>(() => MetricsLog.Read(path));
        Assert.Contains("is malformed at line 2", error.Message);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_refuses_what_is_not_a_metrics_log()
    {
        string empty = _dir.File("empty.csv"), text = _dir.File("text.csv"), binary = _dir.File("model.safetensors"), cut = _dir.File("cut.csv");
        File.WriteAllBytes(empty, []);
        File.WriteAllText(text, "time,loss\n1,2\n");
        File.WriteAllBytes(binary, [0x58, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"', 0xFF, 0x0A, 1, 2]);
        File.WriteAllText(cut, "step,epoch");

        Assert.Contains("does not exist", Assert.Throws<RecurrentException>(() => MetricsLog.Read(_dir.File("nope.csv"))).Message);
        Assert.Contains("is a directory", Assert.Throws<RecurrentException>(() => MetricsLog.Read(_dir.Path)).Message);
        Assert.Contains("is empty", Assert.Throws<RecurrentException>(() => MetricsLog.Read(empty)).Message);
        Assert.Contains("cut short", Assert.Throws<RecurrentException>(() => MetricsLog.Read(cut)).Message);
        string notLog = Assert.Throws<RecurrentException>(() => MetricsLog.Read(text)).Message;
        Assert.Contains($"is not a metrics log: its first line should be '{Header}' (it starts with 'time,loss')", notLog);
        string notLogBinary = Assert.Throws<RecurrentException>(() => MetricsLog.Read(binary)).Message;
        Assert.Contains("is not a metrics log", notLogBinary);
        Assert.DoesNotContain("starts with", notLogBinary);
        Assert.DoesNotContain('\n', notLogBinary);
    }

    [Fact]
    public void Create_reports_a_missing_directory_clearly()
    {
        string path = Path.Combine(_dir.Path, "no-such-dir", "m.metrics.csv");
        Assert.Contains("Cannot write the metrics log", Assert.Throws<RecurrentException>(() => MetricsLog.Create(path)).Message);
    }

    [Fact]
    public void Create_replaces_an_older_log()
    {
        string path = WriteLog("again.metrics.csv", Run(20));
        using (var log = MetricsLog.Create(path))
            log.Append(Run(1)[0]);
        Assert.Single(MetricsLog.Read(path));
    }

    [Theory]
    [InlineData("model.safetensors", "model.metrics.csv")]
    [InlineData("runs/shakespeare.safetensors", "runs/shakespeare.metrics.csv")]
    [InlineData("model", "model.metrics.csv")]
    public void The_log_sits_next_to_its_checkpoint(string checkpoint, string expected) =>
        Assert.Equal(expected, MetricsLog.PathFor(checkpoint).Replace('\\', '/'));
}

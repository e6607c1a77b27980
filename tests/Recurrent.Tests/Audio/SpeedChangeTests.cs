// SpeedChange, the resampling behind speed perturbation: its table-driven kernel against the kernel evaluated
// directly, and a tone that comes out at its frequency times the speed, over the expected number of samples.
using Recurrent.Audio;

namespace Recurrent.Tests.Audio;

public sealed class SpeedChangeTests
{
    [Theory]
    [InlineData(0.85)]
    [InlineData(1.0)]
    [InlineData(1.13)]
    public void The_table_gives_the_directly_evaluated_kernel(double speed)
    {
        var rng = new Recurrent.Numerics.Rng(3);
        float[] input = [.. Enumerable.Range(0, 300).Select(_ => (float)(rng.NextDouble() - 0.5))];
        var output = new float[SpeedChange.Length(input.Length, speed)];
        SpeedChange.Apply(input, speed, output);
        double cutoff = 0.95 * Math.Min(1, 1 / speed);
        for (int i = 0; i < output.Length; i++)
        {
            double t = i * speed, direct = 0;
            for (int n = 0; n < input.Length; n++)
                direct += input[n] * cutoff * SpeedChange.KernelAt(cutoff * (t - n));
            Assert.True(Math.Abs(output[i] - direct) < 2e-5, $"sample {i}: {output[i]} against {direct}");
        }
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(1.1)]
    public void A_tone_comes_out_at_its_frequency_times_the_speed(double speed)
    {
        const int rate = 8000, count = 8000;
        float[] tone = [.. Enumerable.Range(0, count).Select(i => (float)Math.Sin(2 * Math.PI * 500 * i / rate))];
        var output = new float[SpeedChange.Length(count, speed)];
        Assert.Equal((int)Math.Round(count / speed), output.Length);
        SpeedChange.Apply(tone, speed, output);
        // Away from the ends, the output is the tone at 500·a Hz: its upward zero crossings (placed by interpolation) are 1 / (500·a) s apart.
        double first = double.NaN, last = 0;
        int crossings = 0;
        for (int i = 200; i < output.Length - 200; i++)
            if (output[i - 1] < 0 && output[i] >= 0)
            {
                last = i - 1 + output[i - 1] / (output[i - 1] - output[i]);
                first = double.IsNaN(first) ? last : first;
                crossings++;
            }
        Assert.Equal(500 * speed, (crossings - 1) / ((last - first) / rate), 1); // within ±0.05 Hz
        double peak = output.Skip(200).Take(output.Length - 400).Max(Math.Abs);
        Assert.InRange(peak, 0.98, 1.02); // the passband keeps the level
    }
}

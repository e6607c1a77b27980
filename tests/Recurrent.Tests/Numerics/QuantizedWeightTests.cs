// QuantizedWeight and its products: the round trip within half a step, the packed layout read back exactly, every
// SIMD path equal to its scalar twin bit for bit over odd sizes, on any thread count, the integer sums that cannot
// saturate or overflow, and the error against the float product within the bound the steps give.
using System.Runtime.Intrinsics.X86;
using Recurrent.Numerics;
using Recurrent.Numerics.Reference;
using static Recurrent.Tests.Numerics.ProductMath;

namespace Recurrent.Tests.Numerics;

public sealed class QuantizedWeightTests
{
    private static readonly int[] Rows = [1, 7, 8, 9, 31, 33, 64, 65];
    private static readonly int[] Depths = [1, 2, 3, 4, 5, 7, 31, 33, 100];
    private static readonly int[] Batches = [1, 2, 3, 4, 5, 7, 8, 13];

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Quantizing_keeps_every_value_within_half_a_step(int bits)
    {
        var rng = new Rng(1);
        foreach (int n in Rows)
            foreach (int k in Depths)
            {
                float[] w = Random(rng, n * k, 3);
                var q = QuantizedWeight.Quantize(w, n, k, bits);
                float[] back = new float[n * k];
                q.Dequantize(back);
                for (int j = 0; j < n; j++)
                {
                    float largest = w.AsSpan(j * k, k).ToArray().Max(MathF.Abs);
                    Assert.Equal(largest / q.Limit, q.Scales[j]);
                    for (int p = 0; p < k; p++)
                    {
                        Assert.InRange(Math.Abs(q.Integer(j, p)), 0, q.Limit);
                        // Half a step, plus the float rounding of the value itself (w / s and s·q each round once).
                        Assert.True(Math.Abs(back[j * k + p] - w[j * k + p]) <= q.Scales[j] / 2 + Math.Abs(w[j * k + p]) * 2.5e-7,
                            $"{bits} bits, ({j}, {p}) of {n}x{k}: {w[j * k + p]} came back as {back[j * k + p]}, step {q.Scales[j]}");
                    }
                    // The row's largest magnitude is exactly ±Limit steps.
                    Assert.Contains(q.Limit, Enumerable.Range(0, k).Select(p => Math.Abs(q.Integer(j, p))));
                }
            }
    }

    [Fact]
    public void Rounding_is_to_nearest_even_and_a_row_of_zeros_has_scale_zero()
    {
        // Row 0: scale 1 (the 127), so 2.5 -> 2, 3.5 -> 4, -2.5 -> -2; row 1: zeros.
        float[] w = [127f, 2.5f, 3.5f, -2.5f, 0, 0, 0, 0];
        var q = QuantizedWeight.Quantize(w, 2, 4, 8);
        Assert.Equal([127, 2, 4, -2], Enumerable.Range(0, 4).Select(p => q.Integer(0, p)));
        Assert.Equal(0f, q.Scales[1]);
        Assert.All(Enumerable.Range(0, 4), p => Assert.Equal(0, q.Integer(1, p)));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Integers_and_scales_written_out_come_back_as_the_same_weight(int bits)
    {
        var rng = new Rng(2);
        const int n = 33, k = 13;
        var q = QuantizedWeight.Quantize(Random(rng, n * k), n, k, bits);
        float[] integers = new float[n * k];
        q.CopyIntegersTo(integers);
        var back = QuantizedWeight.FromIntegers(integers, q.Scales, n, k, bits);
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                Assert.Equal(q.Integer(j, p), back.Integer(j, p));
        Assert.Equal(q.Scales.ToArray(), back.Scales.ToArray());
        float[] a = Random(rng, 7 * k), c1 = new float[7 * n], c2 = new float[7 * n];
        MatMul.AddABt(a, q, c1, 7);
        MatMul.AddABt(a, back, c2, 7);
        Assert.Equal(c1, c2);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void A_column_and_a_row_read_back_as_the_dequantized_weight_s(int bits)
    {
        var rng = new Rng(7);
        const int n = 37, k = 11;
        var q = QuantizedWeight.Quantize(Random(rng, n * k), n, k, bits);
        float[] all = new float[n * k];
        q.Dequantize(all);
        float[] bias = Random(rng, n);
        for (int p = 0; p < k; p++)
        {
            float[] column = new float[n];
            q.AddColumn(p, column);
            Assert.Equal(Enumerable.Range(0, n).Select(j => all[j * k + p]), column);
            // Onto a bias: one fma per row, in the vector blocks and the last partial block alike.
            float[] onto = (float[])bias.Clone(), written = new float[n];
            q.AddColumn(p, onto);
            Assert.Equal(Enumerable.Range(0, n).Select(j => MathF.FusedMultiplyAdd(q.Integer(j, p), q.Scales[j], bias[j])), onto);
            q.AddColumn(p, bias, written);
            Assert.Equal(onto, written);
        }
        for (int j = 0; j < n; j++)
        {
            float[] row = new float[k];
            q.CopyRow(j, row);
            Assert.Equal(all.AsSpan(j * k, k).ToArray(), row);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => q.AddColumn(k, new float[n]));
        Assert.Throws<ArgumentOutOfRangeException>(() => q.CopyRow(-1, new float[k]));
    }

    [Fact]
    public void Bad_integers_scales_and_weights_are_refused()
    {
        Assert.Throws<ArgumentException>(() => QuantizedWeight.FromIntegers([1.5f], [1f], 1, 1, 8));
        Assert.Throws<ArgumentException>(() => QuantizedWeight.FromIntegers([128f], [1f], 1, 1, 8));
        Assert.Throws<ArgumentException>(() => QuantizedWeight.FromIntegers([-128f], [1f], 1, 1, 8));
        Assert.Throws<ArgumentException>(() => QuantizedWeight.FromIntegers([40000f], [1f], 1, 1, 16));
        Assert.Throws<ArgumentException>(() => QuantizedWeight.FromIntegers([1f], [-1f], 1, 1, 8));
        Assert.Throws<ArgumentException>(() => QuantizedWeight.FromIntegers([1f], [float.NaN], 1, 1, 8));
        Assert.Throws<ArgumentException>(() => QuantizedWeight.FromIntegers([1f, 2f], [1f], 1, 1, 8));
        Assert.Throws<ArgumentException>(() => QuantizedWeight.Quantize([float.PositiveInfinity], 1, 1, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedWeight.Quantize([1f], 1, 1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedWeight.Quantize([], 0, 1, 8));
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(8, 3)]
    [InlineData(16, 1)]
    [InlineData(16, 3)]
    public void Every_shape_equals_its_scalar_twin_bit_for_bit(int bits, int threads)
    {
        var rng = new Rng(3);
        int before = Parallelism.Threads;
        try
        {
            Parallelism.Threads = threads;
            foreach (int m in Batches)
                foreach (int n in Rows.Append(300))
                    foreach (int k in Depths.Append(513))
                    {
                        float[] a = Random(rng, m * k), c0 = Random(rng, m * n);
                        var q = QuantizedWeight.Quantize(Random(rng, n * k), n, k, bits);
                        float[] c = (float[])c0.Clone(), expected = (float[])c0.Clone();
                        MatMul.AddABt(a, q, c, m);
                        bool integers = m > 4 && bits == 8 && AvxVnni.IsSupported;
                        if (integers)
                            ReferenceQuantized.AddABtIntegers(a, q, expected, m);
                        else
                            ReferenceQuantized.AddABtWidened(a, q, expected, m);
                        for (int x = 0; x < c.Length; x++)
                            if (BitConverter.SingleToInt32Bits(c[x]) != BitConverter.SingleToInt32Bits(expected[x]))
                                Assert.Fail($"{bits} bits, {(integers ? "integer" : "widened")} m={m} n={n} k={k}: C[{x / n},{x % n}] = {c[x]:R}, twin gives {expected[x]:R}");
                    }
        }
        finally
        {
            Parallelism.Threads = before;
        }
    }

    [Fact]
    public void A_row_gives_the_same_bits_whatever_rows_share_its_product()
    {
        // The integer path quantizes each row by its own largest value: a row's result does not depend on the others.
        var rng = new Rng(4);
        const int n = 70, k = 45;
        var q = QuantizedWeight.Quantize(Random(rng, n * k), n, k, 8);
        float[] a = Random(rng, 13 * k);
        float[] all = new float[13 * n];
        MatMul.AddABt(a, q, all, 13);
        float[] nine = new float[9 * n];
        a.AsSpan(4 * k, 9 * k).ToArray().CopyTo(a, 0);
        MatMul.AddABt(a.AsSpan(0, 9 * k), q, nine, 9);
        Assert.Equal(all.AsSpan(4 * n).ToArray(), nine);
    }

    [Fact]
    public void The_integer_sums_cannot_saturate_or_overflow_at_the_widest_k()
    {
        // Every activation at its row's largest value (u = 255) and every integer at ±127: the largest sums there are.
        // vpmaddubsw's 16-bit pairs would saturate at 2·255·127 = 64,770; vpdpbusd sums in 32 bits, and K = 66,000
        // gives 66,000·255·127 = 2,137,410,000 < 2^31.
        const int m = 5, n = 9, k = QuantizedKernel.IntegerMaxColumns;
        float[] w = new float[n * k];
        for (int j = 0; j < n; j++)
            w.AsSpan(j * k, k).Fill(j % 2 == 0 ? 1 : -1);
        var q = QuantizedWeight.Quantize(w, n, k, 8);
        float[] a = new float[m * k];
        a.AsSpan().Fill(0.5f);
        float[] c = new float[m * n], expected = new float[m * n];
        MatMul.AddABt(a, q, c, m);
        ReferenceQuantized.AddABtIntegers(a, q, expected, m);
        if (AvxVnni.IsSupported) // elsewhere the product takes the widened path, whose float sums round differently
            Assert.Equal(expected, c);
        for (int x = 0; x < expected.Length; x++) // the twin's exact integer sums, rounded once to float
        {
            Assert.Equal((x % n) % 2 == 0 ? k * 0.5 : -k * 0.5, expected[x], 1e-6 * k);
            Assert.Equal(expected[x], c[x], 1e-5 * k);
        }
    }

    [Fact]
    public void Rows_are_quantized_as_the_scalar_twin_quantizes_them_even_at_the_edges()
    {
        // Ordinary rows, a row of zeros, a row so small that 127 / max overflows, ties that round to even, NaN and ∞.
        float[][] rows =
        [
            [.. Random(new Rng(8), 37, 3)],
            new float[37],
            [.. Enumerable.Range(0, 37).Select(p => (p % 3 - 1) * 1e-38f * 1e-2f)],
            [.. Enumerable.Range(0, 37).Select(p => p % 2 == 0 ? 127f : 0.5f + p % 5)],
            [.. Enumerable.Range(0, 37).Select(p => p == 20 ? float.NaN : 1f)],
            [.. Enumerable.Range(0, 37).Select(p => p == 3 ? float.NegativeInfinity : 1f)],
        ];
        foreach (float[] row in rows)
        {
            byte[] fast = new byte[40], twin = new byte[37];
            float fastScale, twinScale = ReferenceQuantized.QuantizeRow(row, twin);
            unsafe
            {
                fixed (float* a = row)
                fixed (byte* u = fast)
                    fastScale = QuantizedKernel.QuantizeRow(a, row.Length, u, fast.Length);
            }
            Assert.Equal(BitConverter.SingleToInt32Bits(twinScale), BitConverter.SingleToInt32Bits(fastScale));
            Assert.Equal(twin, fast[..37]);
            Assert.All(fast[37..], value => Assert.Equal(128, value));
        }
    }

    [Fact]
    public void Nan_in_a_row_makes_that_row_nan_and_leaves_the_others()
    {
        var rng = new Rng(5);
        const int m = 6, n = 16, k = 20;
        var q = QuantizedWeight.Quantize(Random(rng, n * k), n, k, 8);
        float[] a = Random(rng, m * k);
        a[2 * k + 3] = float.NaN;
        float[] c = new float[m * n];
        MatMul.AddABt(a, q, c, m);
        Assert.All(c.AsSpan(2 * n, n).ToArray(), value => Assert.True(float.IsNaN(value)));
        Assert.All(c.AsSpan(3 * n).ToArray(), value => Assert.True(float.IsFinite(value)));
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(8, 32)]
    [InlineData(16, 1)]
    [InlineData(16, 32)]
    public void The_product_is_within_the_bound_the_steps_give(int bits, int m)
    {
        // |Σ a·W − Σ a·s·Q| ≤ Σ |a|·s/2 from the weights' rounding; with quantized activations (8 bits, more than 4 rows)
        // also ≤ Σ |W|·s_a/2 from theirs. Checked in double against the float weight.
        var rng = new Rng(6);
        const int n = 256, k = 128;
        float[] w = Random(rng, n * k), a = Random(rng, m * k);
        var q = QuantizedWeight.Quantize(w, n, k, bits);
        float[] c = new float[m * n];
        MatMul.AddABt(a, q, c, m);
        bool integers = m > 4 && bits == 8 && AvxVnni.IsSupported;
        for (int i = 0; i < m; i++)
        {
            double sa = Enumerable.Range(0, k).Max(p => Math.Abs(a[i * k + p])) / 127.0;
            for (int j = 0; j < n; j++)
            {
                double exact = 0, bound = 1e-5;
                for (int p = 0; p < k; p++)
                {
                    exact += (double)a[i * k + p] * w[j * k + p];
                    bound += Math.Abs(a[i * k + p]) * q.Scales[j] / 2 + (integers ? (Math.Abs(w[j * k + p]) + q.Scales[j]) * sa / 2 : 0);
                }
                Assert.True(Math.Abs(c[i * n + j] - exact) <= bound, $"({i}, {j}): {c[i * n + j]} against {exact}, bound {bound}");
            }
        }
    }
}

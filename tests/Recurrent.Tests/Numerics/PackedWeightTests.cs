// PackedWeight, the snapshot that batch-1 products stream: every shape must equal the FMA chain bit for bit
// (so generation through it equals the batched products), on any thread count, and a snapshot must not follow
// later changes to the weight it copied.
using Recurrent.Numerics;
using static Recurrent.Tests.Numerics.ProductMath;

namespace Recurrent.Tests.Numerics;

public sealed class PackedWeightTests
{
    private static readonly int[] Rows = [1, 7, 8, 9, 56, 63, 64, 65, 127, 128, 129, 200];
    private static readonly int[] Depths = [1, 2, 7, 16, 33, 100];

    [Fact]
    public void Every_shape_equals_the_fma_chain_bit_for_bit()
    {
        if (!FloatGemm.IsSupported)
            return; // no FMA vectors: the copy runs the reference kernels, whose order is not the chain
        var rng = new Rng(23);
        foreach (int bits in new[] { 256, 512 }.Where(b => b == 256 || Simd512.IsSupported))
            foreach (int m in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 32 })
                foreach (int n in Rows)
                    foreach (int k in Depths.Append(600)) // 600: K in two blocks for the tiles
                    {
                        if (m * n * k > 2_000_000)
                            continue;
                        float[] a = Random(rng, m * k), w = Random(rng, n * k), c0 = Random(rng, m * n);
                        float[] c = (float[])c0.Clone(), expected = (float[])c0.Clone();
                        var packed = new PackedWeight<float>(n, k);
                        packed.CopyFrom(w);
                        FloatGemm.AddAPackedT(a, packed, c, m, bits);
                        ChainAll(a, Transposed(w, n, k), expected, m, n, k);
                        for (int q = 0; q < c.Length; q++)
                            if (BitConverter.SingleToInt32Bits(c[q]) != BitConverter.SingleToInt32Bits(expected[q]))
                                Assert.Fail($"{bits}-bit m={m} n={n} k={k}: C[{q / n},{q % n}] = {c[q]:R}, chain gives {expected[q]:R}");
                    }
    }

    [Fact]
    public void Float_products_through_the_snapshot_equal_the_in_place_products_with_the_weight()
    {
        var rng = new Rng(3);
        const int m = 1, n = 2048, k = 512;
        float[] a = Random(rng, m * k), w = Random(rng, n * k), c0 = Random(rng, m * n);
        float[] packedResult = (float[])c0.Clone(), inPlace = (float[])c0.Clone();
        var packed = new PackedWeight<float>(n, k);
        packed.CopyFrom(w);
        MatMul.AddABt(a, packed, packedResult, m);
        if (FloatGemm.IsSupported)
            FloatGemm.AddABt(a, w, inPlace, m, n, k, path: GemmPath.InPlace);
        else
            MatMul.AddABt<float>(a, w, inPlace, m, n, k);
        Assert.Equal(inPlace, packedResult);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(2, 32)]
    [InlineData(3, 13)]
    public void Splitting_over_threads_gives_the_single_thread_bits(int threads, int m)
    {
        var rng = new Rng(8);
        const int n = 1000, k = 300;
        float[] a = Random(rng, m * k), w = Random(rng, n * k), c0 = Random(rng, m * n);
        var packed = new PackedWeight<float>(n, k);
        packed.CopyFrom(w);
        float[] one = (float[])c0.Clone(), many = (float[])c0.Clone();
        int before = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            MatMul.AddABt(a, packed, one, m);
            Parallelism.Threads = threads;
            MatMul.AddABt(a, packed, many, m);
        }
        finally
        {
            Parallelism.Threads = before;
        }
        Assert.Equal(one, many);
    }

    [Fact]
    public void Double_weights_keep_a_copy_and_give_the_ordinary_product()
    {
        var rng = new Rng(4);
        const int m = 2, n = 70, k = 9;
        double[] a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] w = Enumerable.Range(0, n * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] packedResult = new double[m * n], ordinary = new double[m * n];
        var packed = new PackedWeight<double>(n, k);
        packed.CopyFrom(w);
        MatMul.AddABt(a, packed, packedResult, m);
        MatMul.AddABt<double>(a, w, ordinary, m, n, k);
        Assert.Equal(ordinary, packedResult);
    }

    [Fact]
    public void A_snapshot_ignores_later_changes_until_copied_again()
    {
        var rng = new Rng(5);
        const int n = 70, k = 11;
        float[] a = Random(rng, k), w = Random(rng, n * k);
        var packed = new PackedWeight<float>(n, k);
        packed.CopyFrom(w);
        float[] before = new float[n];
        MatMul.AddABt(a, packed, before, 1);

        w[3] += 1;
        float[] stale = new float[n];
        MatMul.AddABt(a, packed, stale, 1);
        Assert.Equal(before, stale);

        packed.CopyFrom(w);
        float[] fresh = new float[n], expected = new float[n];
        MatMul.AddABt(a, packed, fresh, 1);
        MatMul.AddABt<float>(a, w, expected, 1, n, k);
        Assert.NotEqual(before[0], fresh[0]); // w[3] is in row 0
        Assert.Equal(expected[0], fresh[0], 5);
    }

    [Fact]
    public void No_rows_change_nothing_and_bad_arguments_are_refused()
    {
        var packed = new PackedWeight<float>(8, 4);
        packed.CopyFrom(Enumerable.Range(0, 32).Select(q => (float)q).ToArray());
        float[] c = [1, 2, 3];
        MatMul.AddABt(ReadOnlySpan<float>.Empty, packed, c.AsSpan(0, 0), 0);
        Assert.Equal([1f, 2, 3], c);
        Assert.Throws<ArgumentNullException>(() => MatMul.AddABt<float>(new float[4], null!, new float[8], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.AddABt(new float[4], packed, new float[8], -1));
        Assert.Throws<ArgumentException>(() => MatMul.AddABt(new float[4], packed, new float[7], 1));
    }

    [Fact]
    public void Copying_a_weight_of_another_shape_is_refused()
    {
        var packed = new PackedWeight<float>(8, 4);
        var error = Assert.Throws<ArgumentException>(() => packed.CopyFrom(new float[31]));
        Assert.Contains("8×4", error.Message);
    }

    /// <summary>Wᵀ (k × n) of a row-major W (n × k), as ChainAll's op(B).</summary>
    private static float[] Transposed(float[] w, int n, int k)
    {
        var t = new float[k * n];
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                t[p * n + j] = w[j * k + p];
        return t;
    }
}

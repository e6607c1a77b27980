// The fast float products against their oracles: every path and vector width over all small odd and even
// shapes must equal the FMA chain bit for bit (the summation-order contract), stay within rounding of the
// exact product and of the reference kernels, and ignore where the spans start.
using Recurrent.Numerics;
using static Recurrent.Tests.Numerics.ProductMath;

namespace Recurrent.Tests.Numerics;

public sealed class FloatGemmTests
{
    private static readonly int[] Sizes = [0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    public static TheoryData<Product, int, string> Variants()
    {
        var data = new TheoryData<Product, int, string>();
        foreach (Product product in Enum.GetValues<Product>())
            foreach (int bits in SupportedWidths())
                foreach (GemmPath path in Enum.GetValues<GemmPath>())
                    if (path != GemmPath.Auto || product != Product.ABt) // A·Bᵀ's Auto may take the dot path
                        data.Add(product, bits, path.ToString());
        return data;
    }

    private static IEnumerable<int> SupportedWidths()
    {
        if (Simd256.IsSupported)
            yield return 256;
        if (Simd512.IsSupported)
            yield return 512;
        if (!FloatGemm.IsSupported)
            yield return 0; // one placeholder case, so the theory has data; it checks the reference path
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_shape_equals_the_fma_chain_bit_for_bit(Product product, int bits, string pathName)
    {
        if (!FloatGemm.IsSupported)
            return; // no FMA vectors: MatMul runs the reference kernels, whose order is not the chain
        var path = Enum.Parse<GemmPath>(pathName);
        var rng = new Rng(17);
        foreach (int m in Sizes)
            foreach (int n in Sizes)
                foreach (int k in Sizes)
                {
                    var (aSize, bSize, cSize) = ProductMath.Sizes(product, m, n, k);
                    float[] a = Random(rng, aSize), b = Random(rng, bSize), c0 = Random(rng, cSize);
                    float[] c = (float[])c0.Clone(), expected = (float[])c0.Clone();
                    Fast(product, a, b, c, m, n, k, bits, path);
                    var (opA, opB) = Dense(product, a, b, m, n, k);
                    ChainAll(opA, opB, expected, m, n, k);
                    for (int q = 0; q < c.Length; q++)
                        if (BitConverter.SingleToInt32Bits(c[q]) != BitConverter.SingleToInt32Bits(expected[q]))
                            Assert.Fail($"{product} {bits}-bit {path} m={m} n={n} k={k}: C[{q / n},{q % n}] = {c[q]:R}, chain gives {expected[q]:R}");
                }
    }

    [Theory]
    [InlineData(Product.ABt)]
    [InlineData(Product.AB)]
    [InlineData(Product.AtB)]
    public void Public_float_products_stay_within_rounding_of_the_exact_and_reference_values(Product product)
    {
        var rng = new Rng(5);
        int[] sizes = [1, 3, 8, 17, 33, 65];
        foreach (int m in sizes)
            foreach (int n in sizes)
                foreach (int k in sizes.Append(300))
                {
                    var (aSize, bSize, cSize) = ProductMath.Sizes(product, m, n, k);
                    float[] a = Random(rng, aSize), b = Random(rng, bSize), c0 = Random(rng, cSize);
                    float[] fast = (float[])c0.Clone(), reference = (float[])c0.Clone();
                    Public<float>(product, a, b, fast, m, n, k);
                    ViaReference(product, a, b, reference, m, n, k);
                    double unit = Math.Max(1e-5, (k + 2) * Math.Pow(2, -24));
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            var (exact, scale) = Exact(product, a, b, c0[i * n + j], m, n, k, i, j);
                            Assert.True(Math.Abs(fast[i * n + j] - exact) <= unit * scale, $"{product} m={m} n={n} k={k} C[{i},{j}]");
                            Assert.True(Math.Abs(fast[i * n + j] - reference[i * n + j]) <= 2 * unit * scale);
                        }
                }
    }

    [Theory]
    [InlineData(Product.AtB, 300, 40, 600)] // several row blocks (128) and K blocks (512) of packed Aᵀ, and a short panel
    [InlineData(Product.AtB, 256, 17, 513)]
    [InlineData(Product.AB, 261, 33, 530)]
    [InlineData(Product.ABt, 140, 70, 1030)]
    public void Shapes_of_several_blocks_equal_the_fma_chain_bit_for_bit(Product product, int m, int n, int k)
    {
        if (!FloatGemm.IsSupported)
            return;
        var rng = new Rng(23);
        var (aSize, bSize, cSize) = ProductMath.Sizes(product, m, n, k);
        float[] a = Random(rng, aSize), b = Random(rng, bSize), c0 = Random(rng, cSize);
        var (opA, opB) = Dense(product, a, b, m, n, k);
        float[] expected = (float[])c0.Clone();
        ChainAll(opA, opB, expected, m, n, k);
        foreach (int bits in SupportedWidths())
        {
            float[] c = (float[])c0.Clone();
            Fast(product, a, b, c, m, n, k, bits, GemmPath.Packed);
            Assert.Equal(expected, c);
        }
    }

    [Theory]
    [InlineData(Product.ABt, 33, 65, 31)]
    [InlineData(Product.AB, 65, 33, 17)]
    [InlineData(Product.AtB, 17, 63, 65)]
    [InlineData(Product.ABt, 80, 70, 9)]
    [InlineData(Product.ABt, 1, 37, 300)]  // the dot-product path
    [InlineData(Product.ABt, 4, 9, 17)]
    public void Results_do_not_depend_on_where_the_spans_start_or_on_repeating_the_call(Product product, int m, int n, int k)
    {
        var rng = new Rng(8);
        var (aSize, bSize, cSize) = ProductMath.Sizes(product, m, n, k);
        float[] a = Random(rng, aSize), b = Random(rng, bSize), c0 = Random(rng, cSize);
        float[] first = (float[])c0.Clone();
        Public<float>(product, a, b, first, m, n, k);
        foreach (int offset in new[] { 0, 1, 3 })
            for (int repeat = 0; repeat < 2; repeat++)
            {
                float[] aa = Shifted(a, offset), bb = Shifted(b, offset + 2), cc = Shifted(c0, offset);
                Public<float>(product, aa.AsSpan(offset, aSize), bb.AsSpan(offset + 2, bSize), cc.AsSpan(offset, cSize), m, n, k);
                Assert.Equal(first, cc.AsSpan(offset, cSize).ToArray());
                Assert.Equal(float.NaN, cc[offset + cSize]); // the guard past C is untouched
            }
    }

    [Theory]
    [InlineData(Product.ABt)]
    [InlineData(Product.AB)]
    [InlineData(Product.AtB)]
    public void NaN_and_infinity_reach_exactly_the_entries_they_feed(Product product)
    {
        var rng = new Rng(3);
        foreach (GemmPath path in new[] { GemmPath.Auto, GemmPath.InPlace, GemmPath.Packed })
            foreach (var (m, n, k) in new[] { (3, 20, 40), (9, 33, 17), (40, 20, 8), (70, 5, 3) })
            {
                var (aSize, bSize, cSize) = ProductMath.Sizes(product, m, n, k);
                float[] a = Random(rng, aSize, 0.5f), b = Random(rng, bSize, 0.5f), c = new float[cSize];
                int badRow = m - 1, badColumn = n / 2, p = k / 2;
                a[product == Product.AtB ? p * m + badRow : badRow * k + p] = float.NaN;
                for (int q = 0; q < k; q++)
                    b[product == Product.ABt ? badColumn * k + q : q * n + badColumn] = float.PositiveInfinity;
                for (int q = 0; q < k; q++) // all of op(A)'s column p positive so +inf meets no −inf
                    a[product == Product.AtB ? q * m + 0 : 0 * k + q] = 1;
                Fast(product, a, b, c, m, n, k, 0, path);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        float v = c[i * n + j];
                        if (i == badRow)
                            Assert.True(float.IsNaN(v), $"{path} {m}x{n}x{k} C[{i},{j}] should be NaN");
                        else if (i == 0 && j == badColumn)
                            Assert.Equal(float.PositiveInfinity, v);
                        else if (j != badColumn)
                            Assert.True(float.IsFinite(v), $"{path} {m}x{n}x{k} C[{i},{j}] = {v}");
                    }
            }
    }

    [Fact]
    public void Spans_shorter_than_their_shape_are_rejected()
    {
        float[] a = new float[6], b = new float[6], c = new float[3];
        Assert.Throws<ArgumentException>(() => MatMul.AddABt<float>(a, b, c, 2, 2, 3));
        Assert.Throws<ArgumentException>(() => MatMul.AddAB<float>(a.AsSpan(1), b, c.AsSpan(0, 4 - 1), 2, 2, 3));
        Assert.Throws<ArgumentException>(() => MatMul.AddAtB<float>(a, b.AsSpan(1), new float[4], 2, 2, 3));
    }

    [Theory]
    [InlineData(Product.ABt)]
    [InlineData(Product.AB)]
    [InlineData(Product.AtB)]
    public void Double_products_are_the_reference_products(Product product)
    {
        var rng = new Rng(4);
        const int m = 7, n = 9, k = 11;
        double[] a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] b = Enumerable.Range(0, k * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] viaPublic = new double[m * n], viaReference = new double[m * n];
        Public<double>(product, a, b, viaPublic, m, n, k);
        ViaReference<double>(product, a, b, viaReference, m, n, k);
        Assert.Equal(viaReference, viaPublic);
    }

    private static float[] Shifted(float[] values, int offset)
    {
        var copy = new float[values.Length + offset + 1];
        copy.AsSpan().Fill(float.NaN);
        values.CopyTo(copy, offset);
        return copy;
    }
}

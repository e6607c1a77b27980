// The shapes a training step really multiplies (B = 32, T·B = 2048, H = 128/512, 4H gates, V = 65):
// both paths and both vector widths give the same bits, and sampled entries equal the FMA chain.
// The largest products are cut down in their long dimension (the suite runs in Debug) but still span
// several K, M and N blocks of the packed path.
using Recurrent.Numerics;
using static Recurrent.Tests.Numerics.ProductMath;

namespace Recurrent.Tests.Numerics;

public sealed class FloatGemmShapeTests
{
    [Theory]
    [InlineData(Product.ABt, 32, 512, 128)]   // per-step recurrent product h·W_hhᵀ, H = 128
    [InlineData(Product.ABt, 32, 2048, 512)]  // the same, H = 512
    [InlineData(Product.AB, 32, 512, 2048)]   // per-step dh += dGates·W_hh, H = 512
    [InlineData(Product.AB, 300, 130, 520)]   // dense input gradient of layer 2 (T·B × H, K = 4H)
    [InlineData(Product.AtB, 520, 136, 700)]  // dW_hh += dGatesᵀ·H over T·B rows (4H × H, K = T·B)
    [InlineData(Product.ABt, 2048, 65, 128)]  // head logits
    [InlineData(Product.AtB, 65, 512, 600)]   // head weight gradient
    [InlineData(Product.AB, 2048, 128, 65)]   // head input gradient
    [InlineData(Product.ABt, 136, 1100, 300)] // dense input projection of layer 2 (T·B × 4H, K = H)
    [InlineData(Product.ABt, 1, 300, 257)]    // batch-1 generation step, odd sizes
    [InlineData(Product.ABt, 4, 2048, 512)]   // a few streams, H = 512
    [InlineData(Product.AB, 1, 300, 257)]     // backward at batch 1 (row updates)
    [InlineData(Product.AtB, 3, 65, 130)]
    public void Real_shapes_agree_across_paths_and_widths_and_with_the_chain(Product product, int m, int n, int k)
    {
        var rng = new Rng((ulong)(m * 31 + n * 7 + k));
        var (aSize, bSize, cSize) = Sizes(product, m, n, k);
        float[] a = Random(rng, aSize), b = Random(rng, bSize), c0 = Random(rng, cSize);
        float[]? first = null;
        foreach (int bits in new[] { 256, 512 }.Where(w => w == 256 ? Simd256.IsSupported : Simd512.IsSupported))
            foreach (GemmPath path in new[] { GemmPath.InPlace, GemmPath.Packed })
            {
                float[] c = (float[])c0.Clone();
                Fast(product, a, b, c, m, n, k, bits, path);
                if (first is null)
                    first = c;
                else
                    Assert.True(first.AsSpan().SequenceEqual(c), $"{bits}-bit {path} differs");
            }
        if (first is null)
            return; // no FMA vectors on this machine: MatMul uses the reference kernels
        for (int s = 0; s < 200; s++)
        {
            int i = rng.NextInt(m), j = rng.NextInt(n);
            Assert.Equal(Chain(product, a, b, c0[i * n + j], m, n, k, i, j), first[i * n + j]);
        }

        // The public path: the same bits, except A·Bᵀ with a few rows, which sums along K (DotKernel).
        float[] auto = (float[])c0.Clone();
        Public<float>(product, a, b, auto, m, n, k);
        if (product != Product.ABt || m > FloatGemm.DotRows)
            Assert.Equal(first, auto);
        else
            for (int q = 0; q < auto.Length; q++)
            {
                var (exact, scale) = Exact(product, a, b, c0[q], m, n, k, q / n, q % n);
                Assert.True(Math.Abs(auto[q] - exact) <= (k + 2) * Math.Pow(2, -24) * scale);
            }
    }
}

// Row-wise operations split between threads (RowBlocks): softmax over rows, a row added to each row, column sums.
// Each must give, on any thread count, the bits of the plain sequential loop it replaces.
using System.Numerics.Tensors;
using Recurrent.Layers;
using Recurrent.Numerics;
using static Recurrent.Tests.Numerics.ProductMath;

namespace Recurrent.Tests.Numerics;

public sealed class RowBlocksTests
{
    [Theory]
    [InlineData(1, 67)]
    [InlineData(2, 67)]
    [InlineData(3, 67)]
    [InlineData(3, 7)]  // one block of columns, fewer than the threads
    [InlineData(3, 33)] // three blocks, the last one column wide
    public void Row_operations_give_the_sequential_bits_on_any_thread_count(int threads, int n)
    {
        const int m = 300;
        var rng = new Rng(12);
        float[] a = Random(rng, m * n, 5), row = Random(rng, n);

        float[] softmax = new float[m * n], expectedSoftmax = new float[m * n];
        float[] added = (float[])a.Clone(), expectedAdded = (float[])a.Clone();
        float[] sums = Random(rng, n), expectedSums = (float[])sums.Clone();
        for (int i = 0; i < m; i++)
        {
            SoftmaxCrossEntropy.Softmax<float>(a.AsSpan(i * n, n), expectedSoftmax.AsSpan(i * n, n));
            TensorPrimitives.Add(expectedAdded.AsSpan(i * n, n), row, expectedAdded.AsSpan(i * n, n));
            for (int j = 0; j < n; j++)
                expectedSums[j] += a[i * n + j];
        }

        int before = Parallelism.Threads;
        try
        {
            Parallelism.Threads = threads;
            SoftmaxCrossEntropy.SoftmaxRows<float>(a, softmax, n);
            MatMul.AddRowToEach<float>(added, row, m, n);
            MatMul.AddColumnSums<float>(a, sums, m, n);
        }
        finally
        {
            Parallelism.Threads = before;
        }
        Assert.Equal(expectedSoftmax, softmax);
        Assert.Equal(expectedAdded, added);
        Assert.Equal(expectedSums, sums);
    }

    [Fact]
    public void Softmax_rows_in_double_equal_the_row_softmax()
    {
        double[] logits = [1, 2, 3, -1, 0, 1000], probabilities = new double[6], expected = new double[6];
        SoftmaxCrossEntropy.SoftmaxRows<double>(logits, probabilities, 3);
        SoftmaxCrossEntropy.Softmax<double>(logits.AsSpan(0, 3), expected.AsSpan(0, 3));
        SoftmaxCrossEntropy.Softmax<double>(logits.AsSpan(3, 3), expected.AsSpan(3, 3));
        Assert.Equal(expected, probabilities);
        Assert.Throws<ArgumentException>(() => SoftmaxCrossEntropy.SoftmaxRows<double>(logits, probabilities, 4));
    }
}

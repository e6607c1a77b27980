// The one-hot gather and scatter, through rows (few tokens) and through the transposed weight (many), must give
// the bits of the plain column loop: y = W[:, token] + b, and dW[:, token] += dY row by row in order.
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Tests.Layers;

public sealed class OneHotLinearTests
{
    [Theory]
    [InlineData(3, 7, 5)]   // fewer rows than V: column reads
    [InlineData(40, 7, 5)]  // more rows than V: through Wᵀ
    [InlineData(65, 65, 33)]
    public void Both_paths_give_the_bits_of_the_column_loop(int rows, int vocabulary, int outputs)
    {
        var rng = new Rng(3);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        int[] tokens = Enumerable.Range(0, rows).Select(_ => rng.NextInt(vocabulary)).ToArray();
        float[] w = Random(outputs * vocabulary), bias = Random(outputs), dY = Random(rows * outputs);
        float[] dW = Random(outputs * vocabulary), dBias = Random(outputs);
        float[] expectedY = new float[rows * outputs], expectedDW = (float[])dW.Clone(), expectedDBias = (float[])dBias.Clone();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < outputs; j++)
            {
                expectedY[r * outputs + j] = w[j * vocabulary + tokens[r]] + bias[j];
                expectedDW[j * vocabulary + tokens[r]] += dY[r * outputs + j];
            }
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < outputs; j++)
                expectedDBias[j] += dY[r * outputs + j];

        var y = new float[rows * outputs];
        var scratch = new float[vocabulary * outputs];
        OneHotLinear.Forward<float>(tokens, w, bias, y, vocabulary, outputs, scratch);
        OneHotLinear.Backward<float>(tokens, dY, dW, dBias, vocabulary, outputs, scratch);
        Assert.Equal(expectedY, y);
        Assert.Equal(expectedDW, dW);
        Assert.Equal(expectedDBias, dBias);

        // The transposed weight kept by a snapshot, and rows split between three threads: the same bits.
        var wT = new float[vocabulary * outputs];
        OneHotLinear.Transpose<float>(w, wT, outputs, vocabulary);
        var transposedY = new float[rows * outputs];
        int before = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 3;
            OneHotLinear.ForwardTransposed<float>(tokens, wT, bias, transposedY, vocabulary, outputs);
        }
        finally
        {
            Parallelism.Threads = before;
        }
        Assert.Equal(expectedY, transposedY);
    }

    [Fact]
    public void Spans_shorter_than_their_shapes_are_refused()
    {
        int[] tokens = [0, 1, 2, 0, 1];
        float[] w = new float[3 * 4], bias = new float[4], scratch = new float[12];
        Assert.Throws<ArgumentException>(() => OneHotLinear.Forward<float>(tokens, w, bias, new float[19], 3, 4, scratch));
        Assert.Throws<ArgumentException>(() => OneHotLinear.Forward<float>(tokens, w, new float[3], new float[20], 3, 4, scratch));
        Assert.Throws<ArgumentException>(() => OneHotLinear.ForwardTransposed<float>(tokens, new float[11], bias, new float[20], 3, 4));
        Assert.Throws<ArgumentException>(() => OneHotLinear.ForwardTransposed<float>(tokens, w, bias, [], 3, 4));
    }

    [Fact]
    public void A_token_outside_the_vocabulary_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            OneHotLinear.Forward<float>([1, 9], new float[6], new float[2], new float[4], 3, 2, new float[6]));
        Assert.Contains("Token 9 is outside the vocabulary of 3", error.Message);
    }
}

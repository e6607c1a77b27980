// The three matrix products of a recurrent layer at B = 32, T = 64, on one thread, through MatMul (the public
// entry that picks FloatGemm's path): the per-step forward product h·W_hhᵀ, the per-step backward product dGates·W_hh,
// and the weight gradient over the whole window, dGatesᵀ·H. GFLOP/s = 2·m·n·k / time.
using BenchmarkDotNet.Attributes;
using Recurrent.Numerics;

namespace Recurrent.Kernels.Bench;

[MemoryDiagnoser]
public class ProductBenchmarks
{
    private const int Batch = 32, Steps = 64;
    private float[] _h = [], _w = [], _gates = [], _dGates = [], _dH = [], _hiddens = [], _dW = [];

    /// <summary>Hidden units H; the LSTM's gate width is 4H.</summary>
    [Params(128, 256, 512)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = 1;
        var rng = new Rng(1);
        float[] Random(int n)
        {
            var values = new float[n];
            for (int k = 0; k < n; k++)
                values[k] = (float)rng.NextDouble() - 0.5f;
            return values;
        }
        int width = 4 * Hidden;
        _h = Random(Batch * Hidden);
        _w = Random(width * Hidden);
        _gates = Random(Batch * width);
        _dGates = Random(Steps * Batch * width);
        _dH = Random(Batch * Hidden);
        _hiddens = Random(Steps * Batch * Hidden);
        _dW = Random(width * Hidden);
    }

    /// <summary>gates (B×4H) += h (B×H) · W_hhᵀ: one forward step.</summary>
    [Benchmark]
    public void RecurrentForward() => MatMul.AddABt<float>(_h, _w, _gates, Batch, 4 * Hidden, Hidden);

    /// <summary>dH (B×H) += dGates (B×4H) · W_hh: one backward step.</summary>
    [Benchmark]
    public void RecurrentBackward() => MatMul.AddAB<float>(_dGates.AsSpan(0, Batch * 4 * Hidden), _w, _dH, Batch, Hidden, 4 * Hidden);

    /// <summary>dW_hh (4H×H) += dGatesᵀ (4H×T·B) · H (T·B×H): the weight gradient of a window.</summary>
    [Benchmark]
    public void WeightGradient() => MatMul.AddAtB<float>(_dGates, _hiddens, _dW, 4 * Hidden, Hidden, Steps * Batch);
}

// One batch-1 generation step's products at LSTM 2x512 (three 2048 × 512 weights: weight_hh_l0, weight_ih_l1,
// weight_hh_l1, 12 MiB, more than L2 holds), on one thread: through the live row-major weights (DotKernel, eight rows
// at a time) and through packed snapshots (PanelKernel, one contiguous stream). GB/s = 12 MiB / time.
using BenchmarkDotNet.Attributes;
using Recurrent.Numerics;

namespace Recurrent.Kernels.Bench;

[MemoryDiagnoser]
public class BatchOneBenchmarks
{
    private const int Hidden = 512, Width = 4 * Hidden, Matrices = 3;
    private float[][] _weights = [];
    private PackedWeight<float>[] _packed = [];
    private float[] _h = [], _gates = [];

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = 1;
        var rng = new Rng(1);
        _weights = new float[Matrices][];
        _packed = new PackedWeight<float>[Matrices];
        for (int m = 0; m < Matrices; m++)
        {
            _weights[m] = new float[Width * Hidden];
            for (int q = 0; q < _weights[m].Length; q++)
                _weights[m][q] = (float)rng.NextDouble() - 0.5f;
            _packed[m] = new PackedWeight<float>(Width, Hidden);
            _packed[m].CopyFrom(_weights[m]);
        }
        _h = new float[Hidden];
        for (int q = 0; q < Hidden; q++)
            _h[q] = (float)rng.NextDouble() - 0.5f;
        _gates = new float[Width];
    }

    /// <summary>gates (4H) += W·h for each of the three weights, read as they lie (row-major).</summary>
    [Benchmark(Baseline = true)]
    public void RowMajorWeights()
    {
        foreach (float[] w in _weights)
            MatMul.AddABt<float>(_h, w, _gates, 1, Width, Hidden);
    }

    /// <summary>The same products through packed snapshots of the weights.</summary>
    [Benchmark]
    public void PackedWeights()
    {
        foreach (PackedWeight<float> w in _packed)
            MatMul.AddABt(_h, w, _gates, 1);
    }
}

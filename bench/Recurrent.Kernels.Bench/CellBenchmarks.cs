// The fused LSTM and GRU steps (float, one thread) over B = 32 rows: what a time step spends outside the products.
using BenchmarkDotNet.Attributes;
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Kernels.Bench;

[MemoryDiagnoser]
public class CellBenchmarks
{
    private const int Batch = 32;
    private readonly LstmCell<float> _lstm = new();
    private readonly GruCell<float> _gru = new();
    private float[] _pre = [], _gates = [], _recurrent = [], _state = [], _cPrev = [], _c = [], _h = [], _dH = [], _dC = [],
        _dGates = [], _dRecurrent = [], _dHPrev = [];

    [Params(128, 512)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.Threads = 1;
        var rng = new Rng(2);
        float[] Random(int n, double scale)
        {
            var values = new float[n];
            for (int k = 0; k < n; k++)
                values[k] = (float)((rng.NextDouble() * 2 - 1) * scale);
            return values;
        }
        int gates = Batch * 4 * Hidden, state = Batch * Hidden;
        _pre = Random(gates, 3);
        _gates = new float[gates];
        _recurrent = Random(gates, 3);
        _state = Random(state, 1);
        _cPrev = Random(state, 1);
        _c = new float[state];
        _h = new float[state];
        _dH = Random(state, 1);
        _dC = new float[state];
        _dGates = new float[gates];
        _dRecurrent = new float[gates];
        _dHPrev = new float[state];
    }

    /// <summary>σ/tanh of the four gates, C and h, for B rows (the pre-activations copied in first).</summary>
    [Benchmark]
    public void LstmForward()
    {
        _pre.CopyTo(_gates, 0);
        _lstm.Forward(_gates, [], _state, _cPrev, _c, _h, Batch, Hidden);
    }

    /// <summary>The four gate gradients and dL/dC(t-1), for B rows.</summary>
    [Benchmark]
    public void LstmBackward() =>
        _lstm.Backward(_pre, [], _state, _cPrev, _c, _dH, _dC, _dGates, [], _dHPrev, Batch, Hidden);

    /// <summary>r, z, n and h for B rows (3H gates; the pre-activations copied in first).</summary>
    [Benchmark]
    public void GruForward()
    {
        _pre.AsSpan(0, Batch * 3 * Hidden).CopyTo(_gates);
        _gru.Forward(_gates.AsSpan(0, Batch * 3 * Hidden), _recurrent.AsSpan(0, Batch * 3 * Hidden), _state, [], [], _h, Batch, Hidden);
    }
}

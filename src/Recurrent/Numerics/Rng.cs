using System.Numerics;
// A small, fast, seedable random generator (xoshiro256**, seeded through SplitMix64).
// Ours rather than System.Random so that a seed gives the same numbers on every .NET version:
// initial weights, batches and samples are part of a run's reproducible bytes.
namespace Recurrent.Numerics;

/// <summary>Deterministic pseudo-random numbers: the same seed gives the same sequence everywhere.</summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose state is four SplitMix64 outputs from <paramref name="seed"/>; see <see cref="Reseed"/>.</summary>
    public Rng(ulong seed) => Reseed(seed);

    /// <summary>Starts over from <paramref name="seed"/>: the same numbers as a new generator of that seed, without allocating one.</summary>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The full generator state, for checkpoints that must resume a random stream exactly.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Restores a state taken by <see cref="GetState"/>.</summary>
    /// <exception cref="ArgumentException">The state is not four words or is all zero.</exception>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("A generator state is four words, not all zero.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high), rounded to float: PyTorch's <c>uniform_</c> on a float32 tensor.</summary>
    public float NextUniform(float low, float high) => (float)(low + (high - low) * NextDouble());

    /// <summary>Standard normal N(0, 1), by the Box–Muller transform (one draw per call, the pair's second value unused).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)((NextUInt64() >> 11) * (1.0 / (1UL << 53)) * count);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

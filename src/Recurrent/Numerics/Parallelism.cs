// How many cores Recurrent's kernels use: the one setting, process-wide, like torch.set_num_threads.
// Every split operation computes each output element exactly as the single-threaded code does (the GEMM
// paths by blocks of C, the cells and a layer's whole time loop by batch rows), so results are bit-identical
// whatever the count.
namespace Recurrent.Numerics;

/// <summary>The number of threads that matrix products and recurrent cells split their work over.</summary>
public static class Parallelism
{
    private static int s_threads = 1;

    /// <summary>The most threads one operation uses, 1 (the default) to <see cref="MaxThreads"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="MaxThreads"/>.</exception>
    public static int Threads
    {
        get => Volatile.Read(ref s_threads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxThreads);
            WorkerTeam.EnsureWorkers(value - 1); // here, so that no training step is the one that starts them
            Volatile.Write(ref s_threads, value);
        }
    }

    /// <summary>
    /// The largest count accepted. More threads than processors is allowed (tests use it to prove that results do not
    /// depend on the split), but idle workers spin for a while, so it is slow.
    /// </summary>
    public const int MaxThreads = 64;

    /// <summary>
    /// The range [start, end) of part <paramref name="part"/> of <paramref name="parts"/> when <paramref name="count"/>
    /// items are split in chunks that are multiples of <paramref name="align"/> (the last takes the rest).
    /// </summary>
    internal static (int Start, int End) Range(int count, int align, int part, int parts)
    {
        int units = (count + align - 1) / align;
        int perPart = (units + parts - 1) / parts;
        int start = Math.Min(count, part * perPart * align);
        int end = Math.Min(count, (part + 1) * perPart * align);
        return (start, end);
    }
}

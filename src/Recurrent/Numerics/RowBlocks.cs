// How an operation over independent rows is shared between threads: a cell's step over B batch rows (each row's
// units read only that row's gates and state), a softmax over T·B rows of logits, a bias or a token's weight row
// added to each row. Each thread takes a block of rows and computes them exactly as one thread would, so results
// do not depend on the thread count. The operands travel as raw pointers in a struct on the caller's stack; each
// operation names what its slots hold.
namespace Recurrent.Numerics;

/// <summary>The operands of one row-wise operation and the kernel that computes its rows [start, end).</summary>
internal unsafe struct RowBlocks
{
    /// <summary>Below this many values in all a split costs more than it saves.</summary>
    private const int SplitValues = 4096;

    public float* P0, P1, P2, P3, P4, P5, P6, P7;
    public int* Indices;
    public int Width;
    /// <summary>A second size for kernels that need one (column sums: the number of rows summed).</summary>
    public int Height;
    public delegate*<ref RowBlocks, int, int, void> Kernel;
    private int _count;

    /// <summary>
    /// Runs Kernel over rows [0, count), split between <see cref="Parallelism.Threads"/> when the rows hold at least
    /// 4096 values in all (<paramref name="valuesPerRow"/> each).
    /// </summary>
    public static void Run(ref RowBlocks rows, int count, int valuesPerRow)
    {
        if (Parallelism.Threads == 1 || count < 2 || (long)count * valuesPerRow < SplitValues)
        {
            rows.Kernel(ref rows, 0, count);
            return;
        }
        rows._count = count;
        fixed (RowBlocks* context = &rows)
            WorkerTeam.Run(&Part, context);
    }

    private static void Part(void* context, int part, int parts)
    {
        ref RowBlocks rows = ref *(RowBlocks*)context;
        var (start, end) = Parallelism.Range(rows._count, 1, part, parts);
        if (start < end)
            rows.Kernel(ref rows, start, end);
    }
}

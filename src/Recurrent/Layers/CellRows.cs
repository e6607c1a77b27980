// How a cell's step over B rows is shared between threads: rows are independent (each batch row's units
// read only that row's gates and state), so each thread takes a block of rows and computes them exactly as
// one thread would. The operands travel as raw pointers in a struct on the caller's stack; the cell names
// what each slot holds.
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>The operands of one fused cell step and the kernel that computes its rows [start, end).</summary>
internal unsafe struct CellRows
{
    /// <summary>Below this many gate values per step a split costs more than it saves.</summary>
    private const int SplitGates = 4096;

    public float* P0, P1, P2, P3, P4, P5, P6, P7;
    public int Hidden;
    public delegate*<ref CellRows, int, int, void> Kernel;
    private int _batch;

    /// <summary>Runs Kernel over rows [0, batch), split between <see cref="Parallelism.Threads"/> when large enough.</summary>
    public static void Run(ref CellRows rows, int batch, int gateCount)
    {
        if (Parallelism.Threads == 1 || batch < 2 || batch * gateCount * rows.Hidden < SplitGates)
        {
            rows.Kernel(ref rows, 0, batch);
            return;
        }
        rows._batch = batch;
        fixed (CellRows* context = &rows)
            WorkerTeam.Run(&Part, context);
    }

    private static void Part(void* context, int part, int parts)
    {
        ref CellRows rows = ref *(CellRows*)context;
        var (start, end) = Parallelism.Range(rows._batch, 1, part, parts);
        if (start < end)
            rows.Kernel(ref rows, start, end);
    }
}

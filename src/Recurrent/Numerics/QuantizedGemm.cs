// The driver of the products with a QuantizedWeight: which path (QuantizedKernel's integer or widened one) and how
// the work is split between threads. Few rows of A (batch-1 generation) split W's row blocks, since every thread
// then streams its own share of the weight; more rows split the rows of A (whole passes of 4), each thread reading
// all of W. Either way each element of C is computed exactly as one thread computes it.
using System.Runtime.CompilerServices;
using Recurrent.Numerics.Reference;

namespace Recurrent.Numerics;

/// <summary>C (M × N) += A (M × K) · Wᵀ for a quantized W, on the kernels this machine has.</summary>
internal static unsafe class QuantizedGemm
{
    /// <summary>Below this many multiply-adds one thread does the product alone.</summary>
    private const long SplitWork = 1 << 16;

    [ThreadStatic]
    private static byte[]? t_rows; // the integer path's quantized rows, 4 × padded K, grown once per thread

    public static void AddABt(ReadOnlySpan<float> a, QuantizedWeight w, Span<float> c, int m)
    {
        if (m == 0)
            return;
        bool integers = QuantizedKernel.UsesIntegers(w, m);
        if (!integers && !WidenedKernel.IsSupported)
        {
            ReferenceQuantized.AddABtWidened(a, w, c, m);
            return;
        }
        fixed (float* pa = a, pc = c)
        {
            var job = new Job { A = pa, C = pc, M = m, W = w, Integers = integers };
            bool byBlocks = !integers && m <= FloatGemm.DotRows;
            job.Count = byBlocks ? w.Blocks : m;
            job.Align = byBlocks ? WidenedKernel.PassBlocks : QuantizedKernel.IntegerRows;
            job.ByBlocks = byBlocks;
            if (Parallelism.Threads > 1 && (long)m * w.Rows * w.Columns >= SplitWork)
                WorkerTeam.Run(&Part, Unsafe.AsPointer(ref job));
            else
                Run(ref job, 0, job.Count);
        }
    }

    private struct Job
    {
        public float* A, C;
        public int M, Count, Align;
        public QuantizedWeight W;
        public bool Integers, ByBlocks;
    }

    private static void Part(void* context, int part, int parts)
    {
        ref Job job = ref Unsafe.AsRef<Job>(context);
        var (start, end) = Parallelism.Range(job.Count, job.Align, part, parts);
        if (start < end)
            Run(ref job, start, end);
    }

    /// <summary>Blocks [start, end) for every row, or rows [start, end) over every block.</summary>
    private static void Run(ref Job job, int start, int end)
    {
        QuantizedWeight w = job.W;
        int n = w.Rows, k = w.Columns;
        if (job.ByBlocks)
        {
            for (int i = 0; i < job.M; i++)
                WidenedKernel.Row(job.A + (nint)i * k, w, job.C + (nint)i * n, start, end);
            return;
        }
        if (!job.Integers)
        {
            // Panel by panel of W, every row of A through each panel while it is in L2.
            int panel = WidenedKernel.PanelBlocks(w);
            for (int b0 = 0; b0 < w.Blocks; b0 += panel)
                for (int i = start; i < end; i += 4)
                    WidenedKernel.Rows4(job.A + (nint)i * k, k, Math.Min(4, end - i), w, job.C + (nint)i * n, n, b0, Math.Min(w.Blocks, b0 + panel));
            return;
        }
        int padded = w.Groups * QuantizedWeight.GroupColumns;
        int bytes = QuantizedKernel.IntegerRows * padded;
        if (t_rows is null || t_rows.Length < bytes)
            t_rows = new byte[bytes];
        float* scales = stackalloc float[QuantizedKernel.IntegerRows];
        fixed (byte* u = t_rows)
            for (int i0 = start; i0 < end; i0 += QuantizedKernel.IntegerRows)
            {
                int rows = Math.Min(QuantizedKernel.IntegerRows, end - i0);
                for (int r = 0; r < rows; r++)
                    scales[r] = QuantizedKernel.QuantizeRow(job.A + (nint)(i0 + r) * k, k, u + r * padded, padded);
                QuantizedKernel.IntegerRows4(u, padded, scales, w, job.C + (nint)i0 * n, n, rows);
            }
    }
}

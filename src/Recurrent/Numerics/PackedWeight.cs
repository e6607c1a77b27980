// A copy of a weight W (N × K, row-major as nn.Linear keeps it) in the layout that products with one row
// (generation at batch 1) read fastest: for float on AVX2 + FMA, k-major panels of 64 rows (see PanelKernel);
// otherwise a plain copy for the scalar path. It is a snapshot: it holds the values of the last CopyFrom, and
// products through it never see later changes to W (the owner copies again after the weights change).
// Products through it follow the FMA chain of every blocked product, so they give the same bits as the ordinary
// products with W except DotKernel's (unpacked A·Bᵀ with at most 4 rows of C, which sums in another order).
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recurrent.Numerics;

/// <summary>A packed snapshot of an (N × K) weight for C += A·Wᵀ with few rows of A (<see cref="MatMul.AddABt{T}(ReadOnlySpan{T}, PackedWeight{T}, Span{T}, int)"/>).</summary>
public sealed unsafe class PackedWeight<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly float[] _panels = []; // pinned; full panels (64·K each), then the narrow one (width·K)
    private readonly T[] _copy = [];

    /// <summary>An all-zero (rows × columns) weight; <see cref="CopyFrom"/> fills it.</summary>
    public PackedWeight(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Rows = rows;
        Columns = columns;
        if (IsPanels)
        {
            int tail = rows % PanelKernel.Width;
            NarrowWidth = (tail + PanelKernel.Lanes - 1) / PanelKernel.Lanes * PanelKernel.Lanes;
            long floats = ((long)(rows - tail) + NarrowWidth) * columns;
            // Pinned object heap: the address is stable, so panel pointers can be taken once per product. 16 floats
            // for the alignment, 64 because a GEMM tile reads a full tile width of the last row of the narrow panel.
            _panels = GC.AllocateArray<float>(checked((int)floats + 16 + 64), pinned: true);
        }
        else
            _copy = new T[checked(rows * columns)];
    }

    /// <summary>N, the rows of W (outputs).</summary>
    public int Rows { get; }

    /// <summary>K, the columns of W (inputs).</summary>
    public int Columns { get; }

    /// <summary>Whether this type and machine use the float panels (else a plain copy).</summary>
    internal static bool IsPanels => typeof(T) == typeof(float) && Simd256.IsSupported;

    /// <summary>Width of the last, narrower panel (a multiple of 8; 0 when N is a multiple of 64).</summary>
    internal int NarrowWidth { get; }

    /// <summary>The first panel, 64-byte aligned (float panels only).</summary>
    internal float* Panels => (float*)(((nint)Unsafe.AsPointer(ref _panels[0]) + 63) & ~(nint)63);

    /// <summary>The plain copy (when not panels).</summary>
    internal ReadOnlySpan<T> Copy => _copy;

    /// <summary>Takes the values of <paramref name="weight"/> (N × K, row-major); allocates nothing.</summary>
    /// <exception cref="ArgumentException">The span's length is not N·K.</exception>
    public void CopyFrom(ReadOnlySpan<T> weight)
    {
        if (weight.Length != Rows * Columns)
            throw new ArgumentException($"Expected {Rows}×{Columns} = {Rows * Columns} values, got {weight.Length}.", nameof(weight));
        if (!IsPanels)
        {
            weight.CopyTo(_copy);
            return;
        }
        ReadOnlySpan<float> w = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(weight);
        float* destination = Panels;
        int k = Columns, full = Rows / PanelKernel.Width * PanelKernel.Width;
        for (int j0 = 0; j0 < full; j0 += PanelKernel.Width, destination += PanelKernel.Width * k)
            Pack(w, j0, PanelKernel.Width, PanelKernel.Width, destination);
        if (NarrowWidth > 0)
            Pack(w, full, Rows - full, NarrowWidth, destination);
    }

    /// <summary>destination[p·width + r] = W[j0 + r, p] for r &lt; rows, 0 for rows ≤ r &lt; width.</summary>
    private void Pack(ReadOnlySpan<float> w, int j0, int rows, int width, float* destination)
    {
        int k = Columns, fullRows = rows & ~7, fullColumns = k & ~7;
        fixed (float* source = w)
        {
            float* block = source + (nint)j0 * k;
            for (int r = 0; r < fullRows; r += 8)
                for (int p = 0; p < fullColumns; p += 8)
                    Transpose8x8.Copy(block + (nint)r * k + p, k, destination + (nint)p * width + r, width);
            for (int r = 0; r < width; r++)
                for (int p = r < fullRows ? fullColumns : 0; p < k; p++)
                    destination[(nint)p * width + r] = r < rows ? block[(nint)r * k + p] : 0;
        }
    }
}

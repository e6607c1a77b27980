// A matrix view by two strides, so that one GEMM driver serves A, Aᵀ, B, Bᵀ, C and Cᵀ of row-major spans:
// element (r, c) lives at Data[r·RowStride + c·ColumnStride]. A transpose is the same view, strides swapped.
namespace Recurrent.Numerics;

/// <summary>An unowned float matrix seen through a row stride and a column stride (in elements).</summary>
internal readonly unsafe struct StridedMatrix(float* data, nint rowStride, nint columnStride)
{
    public readonly float* Data = data;
    public readonly nint RowStride = rowStride;
    public readonly nint ColumnStride = columnStride;

    /// <summary>The address of element (row, column).</summary>
    public float* At(nint row, nint column) => Data + row * RowStride + column * ColumnStride;

    /// <summary>The same memory seen transposed.</summary>
    public StridedMatrix Transposed => new(Data, ColumnStride, RowStride);
}

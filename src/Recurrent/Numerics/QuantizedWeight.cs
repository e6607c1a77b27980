// A weight W (N × K) kept as integers, W[j, p] ≈ Scales[j] · Q[j, p]: one symmetric scale per output row, Scales[j] =
// max_p |W[j, p]| / 127 for 8 bits (32767 for 16), Q[j, p] = round(W[j, p] / Scales[j]) to nearest even. PyTorch's
// per-channel symmetric scheme (torch.per_channel_symmetric on axis 0), so a value is off by at most half a step.
// Only one copy of Q is held, in the layout the kernels read (QuantizedKernel): blocks of 8 rows; within a block,
// groups of 4 columns; within a group, row by row, 4 columns each. Element (j, p) lies at
// ((j/8 · G + p/4) · 8 + j mod 8) · 4 + p mod 4, G = ⌈K/4⌉, and rows and columns past N and K are zero. One 8-bit
// group is 32 bytes: what vpdpbusd multiplies with four activations of a row; widened, one or two float vectors.
// It is not a tensor type: it does no arithmetic but its products (MatMul.AddABt) and the gathers a token model needs.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Numerics;

/// <summary>An (N × K) weight as 8- or 16-bit integers with one float scale per row, packed for <see cref="MatMul"/>'s products.</summary>
public sealed unsafe class QuantizedWeight
{
    /// <summary>Rows of a block: the int32 lanes of one 256-bit vector.</summary>
    internal const int BlockRows = 8;

    /// <summary>Columns of a group: the bytes vpdpbusd sums into one lane.</summary>
    internal const int GroupColumns = 4;

    private readonly byte[] _data; // pinned; sbyte or short elements in the packed layout, 64 bytes of alignment slack
    private readonly float[] _scales; // N, then zeros up to whole blocks

    private QuantizedWeight(int rows, int columns, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (bits is not (8 or 16))
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Weights are quantized to 8 or 16 bits.");
        Rows = rows;
        Columns = columns;
        Bits = bits;
        Groups = (columns + GroupColumns - 1) / GroupColumns;
        Blocks = (rows + BlockRows - 1) / BlockRows;
        long bytes = (long)Blocks * Groups * BlockRows * GroupColumns * (bits / 8);
        if (bytes > Array.MaxLength - 64)
            throw new ArgumentException($"A {rows:N0} × {columns:N0} weight needs {bytes:N0} bytes, more than one array holds.", nameof(rows));
        _data = GC.AllocateArray<byte>((int)bytes + 64, pinned: true);
        _scales = new float[Blocks * BlockRows];
        RowSums = new int[Blocks * BlockRows];
    }

    /// <summary>N, the rows of W (outputs).</summary>
    public int Rows { get; }

    /// <summary>K, the columns of W (inputs).</summary>
    public int Columns { get; }

    /// <summary>8 or 16: the integers' width.</summary>
    public int Bits { get; }

    /// <summary>The largest integer magnitude: 127 or 32767 (−128 and −32768 are never used, so the range is symmetric).</summary>
    public int Limit => Bits == 8 ? sbyte.MaxValue : short.MaxValue;

    /// <summary>Scales[j]: row j's step, W[j, ·] ≈ Scales[j] · Q[j, ·].</summary>
    public ReadOnlySpan<float> Scales => _scales.AsSpan(0, Rows);

    /// <summary>The scales with zeros up to whole blocks of rows, as the vector kernels read them.</summary>
    internal float[] PaddedScales => _scales;

    /// <summary>Σ_p Q[j, p] per row of an 8-bit weight (zeros up to whole blocks), for the zero point of the integer products' activations; zeros at 16 bits.</summary>
    internal int[] RowSums { get; }

    /// <summary>G = ⌈K/4⌉, the column groups per block.</summary>
    internal int Groups { get; }

    /// <summary>⌈N/8⌉, the row blocks.</summary>
    internal int Blocks { get; }

    /// <summary>The first element, 64-byte aligned: sbyte* for 8 bits, short* for 16.</summary>
    internal byte* Data => (byte*)(((nint)Unsafe.AsPointer(ref _data[0]) + 63) & ~(nint)63);

    /// <summary>Bytes this weight holds in memory: the integers with their padding, the scales and the row sums.</summary>
    public long Bytes => _data.LongLength + 4L * _scales.Length + 4L * RowSums.Length;

    /// <summary>
    /// Quantizes <paramref name="weight"/> (N × K, row-major) to <paramref name="bits"/> bits per value, one scale per
    /// row: Scales[j] = max|W[j, ·]| / Limit (0 for a row of zeros), Q = round(W / Scales[j]) to nearest even.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or bits is not 8 or 16.</exception>
    /// <exception cref="ArgumentException">The span's length is not N·K, or a value is NaN or infinite.</exception>
    public static QuantizedWeight Quantize(ReadOnlySpan<float> weight, int rows, int columns, int bits)
    {
        CheckLength(weight.Length, rows, columns, nameof(weight)); // before the (possibly large) allocation
        var quantized = new QuantizedWeight(rows, columns, bits);
        for (int j = 0; j < rows; j++)
        {
            ReadOnlySpan<float> row = weight.Slice(j * columns, columns);
            float largest = 0;
            foreach (float value in row)
            {
                if (!float.IsFinite(value))
                    throw new ArgumentException($"Row {j} holds {value}; only finite weights can be quantized.", nameof(weight));
                largest = MathF.Max(largest, MathF.Abs(value));
            }
            float scale = largest / quantized.Limit;
            quantized._scales[j] = scale;
            for (int p = 0; p < columns; p++)
                quantized.Set(j, p, scale == 0 ? 0 : Math.Clamp((int)MathF.Round(row[p] / scale), -quantized.Limit, quantized.Limit));
        }
        return quantized;
    }

    /// <summary>A weight from its integers (N × K, row-major, as <see cref="CopyIntegersTo"/> writes them) and row scales.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or bits is not 8 or 16.</exception>
    /// <exception cref="ArgumentException">
    /// A span's length is wrong, a value is not an integer within ±<see cref="Limit"/>, or a scale is negative or not finite.
    /// </exception>
    public static QuantizedWeight FromIntegers(ReadOnlySpan<float> integers, ReadOnlySpan<float> scales, int rows, int columns, int bits)
    {
        CheckLength(integers.Length, rows, columns, nameof(integers));
        var quantized = new QuantizedWeight(rows, columns, bits);
        if (scales.Length != rows)
            throw new ArgumentException($"Expected {rows} scales, one per row, got {scales.Length}.", nameof(scales));
        for (int j = 0; j < rows; j++)
        {
            if (!float.IsFinite(scales[j]) || scales[j] < 0)
                throw new ArgumentException($"The scale of row {j} is {scales[j]}; scales are finite and not negative.", nameof(scales));
            quantized._scales[j] = scales[j];
            for (int p = 0; p < columns; p++)
            {
                float value = integers[j * columns + p];
                if (value != MathF.Round(value) || MathF.Abs(value) > quantized.Limit)
                    throw new ArgumentException($"Element ({j}, {p}) is {value}, not an integer within ±{quantized.Limit}.", nameof(integers));
                quantized.Set(j, p, (int)value);
            }
        }
        return quantized;
    }

    /// <summary>Q[j, p].</summary>
    public int Integer(int row, int column)
    {
        long offset = Offset(row, column);
        return Bits == 8 ? ((sbyte*)Data)[offset] : ((short*)Data)[offset];
    }

    /// <summary>Writes Q (N × K, row-major) as floats, each an exact integer.</summary>
    /// <exception cref="ArgumentException">The span's length is not N·K.</exception>
    public void CopyIntegersTo(Span<float> destination)
    {
        CheckLength(destination.Length, nameof(destination));
        for (int j = 0; j < Rows; j++)
            for (int p = 0; p < Columns; p++)
                destination[j * Columns + p] = Integer(j, p);
    }

    /// <summary>Writes Scales[j] · Q[j, p] (N × K, row-major): the weight as the products use it.</summary>
    /// <exception cref="ArgumentException">The span's length is not N·K.</exception>
    public void Dequantize(Span<float> destination)
    {
        CheckLength(destination.Length, nameof(destination));
        for (int j = 0; j < Rows; j++)
            for (int p = 0; p < Columns; p++)
                destination[j * Columns + p] = Scales[j] * Integer(j, p);
    }

    /// <summary>c[j] = fma(Q[j, column], Scales[j], c[j]) for every row j: a one-hot input's product, the token's column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is outside [0, K).</exception>
    /// <exception cref="ArgumentException">c is shorter than N.</exception>
    public void AddColumn(int column, Span<float> c) => AddColumn(column, c, c);

    /// <summary>
    /// c[j] = fma(Q[j, column], Scales[j], addend[j]) for every row j (addend may be c itself): a one-hot input's product
    /// with its bias, written in one pass.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is outside [0, K).</exception>
    /// <exception cref="ArgumentException">addend or c is shorter than N.</exception>
    public void AddColumn(int column, ReadOnlySpan<float> addend, Span<float> c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
        if (c.Length < Rows || addend.Length < Rows)
            throw new ArgumentException($"Expected {Rows} values, got {Math.Min(c.Length, addend.Length)}.", nameof(c));
        // Row r of block b holds the column at element ((b·G + column/4)·8 + r)·4 + column mod 4: a stride of 4 within a
        // block, of G·32 between blocks.
        long first = (long)column / GroupColumns * BlockRows * GroupColumns + column % GroupColumns, blockStride = (long)Groups * BlockRows * GroupColumns;
        fixed (float* pc = c, scales = _scales, pa = addend)
        {
            int j = 0;
            if (Bits == 8 && Avx2.IsSupported && Fma.IsSupported)
            {
                // A block's group is 8 int32 lanes, one per row, the column's byte at lane bits 8·(column mod 4): shifted
                // to the top and back (arithmetic), it is the row's integer, sign-extended.
                byte* group = Data + (long)column / GroupColumns * BlockRows * GroupColumns;
                int up = 24 - 8 * (column % GroupColumns);
                for (; j + BlockRows <= Rows; j += BlockRows, group += blockStride)
                {
                    Vector256<int> lanes = Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(Vector256.Load((int*)group), up), 24);
                    Fma.MultiplyAdd(Avx.ConvertToVector256Single(lanes), Vector256.Load(scales + j), Vector256.Load(pa + j)).Store(pc + j);
                }
            }
            for (; j < Rows; j++)
            {
                long offset = first + j / BlockRows * blockStride + j % BlockRows * GroupColumns;
                pc[j] = MathF.FusedMultiplyAdd(Bits == 8 ? ((sbyte*)Data)[offset] : ((short*)Data)[offset], scales[j], pa[j]);
            }
        }
    }

    /// <summary>destination[p] = Scales[row] · Q[row, p]: an embedding's row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside [0, N).</exception>
    /// <exception cref="ArgumentException">The destination is shorter than K.</exception>
    public void CopyRow(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        if (destination.Length < Columns)
            throw new ArgumentException($"Expected {Columns} values, got {destination.Length}.", nameof(destination));
        // The row's four columns of group g lie at ((b·G + g)·8 + r)·4: runs of 4, 32 elements apart.
        float scale = _scales[row];
        long first = (long)row / BlockRows * Groups * BlockRows * GroupColumns + row % BlockRows * GroupColumns;
        fixed (float* pd = destination)
        {
            if (Bits == 8)
            {
                sbyte* q = (sbyte*)Data + first;
                for (int p = 0; p < Columns; p++)
                    pd[p] = scale * q[p / GroupColumns * BlockRows * GroupColumns + p % GroupColumns];
            }
            else
            {
                short* q = (short*)Data + first;
                for (int p = 0; p < Columns; p++)
                    pd[p] = scale * q[p / GroupColumns * BlockRows * GroupColumns + p % GroupColumns];
            }
        }
    }

    /// <summary>Where (j, p) lies in the packed layout, in elements.</summary>
    internal long Offset(int row, int column) =>
        (((long)(row / BlockRows) * Groups + column / GroupColumns) * BlockRows + row % BlockRows) * GroupColumns + column % GroupColumns;

    private void Set(int row, int column, int value)
    {
        long offset = Offset(row, column);
        if (Bits == 8)
            ((sbyte*)Data)[offset] = (sbyte)value;
        else
            ((short*)Data)[offset] = (short)value;
        if (Bits == 8) // the integer path's zero-point correction; 16-bit weights never take it (and their sums could overflow)
            RowSums[row] += value;
    }

    private void CheckLength(int length, string name) => CheckLength(length, Rows, Columns, name);

    private static void CheckLength(int length, int rows, int columns, string name)
    {
        if (length != (long)rows * columns)
            throw new ArgumentException($"Expected {rows}×{columns} = {(long)rows * columns} values, got {length}.", name);
    }
}

// SafetensorsTensor's invariants and the span conversions in SafetensorsDecoder.
using Recurrent.IO;
using Xunit;

namespace Recurrent.Tests.IO;

public sealed class SafetensorsTensorTests
{
    [Fact]
    public void Scalar_HasEmptyShapeAndOneElement()
    {
        var t = new SafetensorsTensor("s", [], [3f]);

        Assert.Empty(t.Shape);
        Assert.Equal(1, SafetensorsTensor.ElementCount(t.Shape));
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, 5)]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 0 }, 1)]
    public void DataLengthNotTheShapeProduct_Throws(int[] shape, int length)
    {
        var e = Assert.Throws<ArgumentException>(() => new SafetensorsTensor("w", shape, new float[length]));

        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void NegativeDimension_Throws() =>
        Assert.Throws<ArgumentException>(() => new SafetensorsTensor("w", [-1], []));

    [Theory]
    [InlineData("")]
    [InlineData("__metadata__")]
    public void EmptyOrReservedName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new SafetensorsTensor(name, [1], [1f]));

    [Fact]
    public void EncodeF32_WritesLittleEndianBytes()
    {
        var bytes = new byte[8];

        SafetensorsDecoder.EncodeF32([1.0f, -2.0f], bytes);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, bytes);
    }

    [Fact]
    public void Decode_F32RoundTripsEncodeF32BitForBit()
    {
        float[] values = [BitConverter.Int32BitsToSingle(0x7FA0_0001), -0f, 1e-45f];
        var bytes = new byte[12];
        var back = new float[3];

        SafetensorsDecoder.EncodeF32(values, bytes);
        SafetensorsDecoder.Decode(SafetensorsDType.F32, bytes, back);

        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Decode_F16HandlesSubnormalAndInfinity()
    {
        var back = new float[3];

        SafetensorsDecoder.Decode(SafetensorsDType.F16, SafetensorsBytes.U16(0x0001, 0x7C00, 0xFC00), back);

        Assert.Equal([MathF.Pow(2, -24), float.PositiveInfinity, float.NegativeInfinity], back);
    }

    [Fact]
    public void Decode_WrongByteCount_Throws() =>
        Assert.Throws<ArgumentException>(() => SafetensorsDecoder.Decode(SafetensorsDType.F64, new byte[12], new float[2]));
}

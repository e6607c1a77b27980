// Which blocking FloatGemm uses; tests force each one on the same shapes to prove they agree bit for bit.
namespace Recurrent.Numerics;

/// <summary>Auto picks by shape; InPlace reads the large operand where it lies; Packed packs both operands.</summary>
internal enum GemmPath
{
    Auto,
    InPlace,
    Packed,
}

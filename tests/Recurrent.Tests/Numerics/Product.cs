// The three accumulating products under test (their oracles are in ProductMath).
namespace Recurrent.Tests.Numerics;

public enum Product
{
    ABt,
    AB,
    AtB,
}

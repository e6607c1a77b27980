// How one product is blocked: which operands are packed and the block sizes. Chosen from the shape alone
// (never from addresses or thread count), and since every kernel continues the same FMA chain per element
// (see GemmKernel), the blocking changes speed only, never a result.
namespace Recurrent.Numerics;

/// <summary>
/// Blocking of C (M×N) += A (M×K)·B (K×N): K in blocks of Kc, M in blocks of Mc, N in blocks of Nc.
/// PackA/PackB copy each block into kernel panels; unpacked operands are read in place.
/// </summary>
internal readonly record struct GemmPlan(bool PackA, bool PackB, int Kc, int Mc, int Nc);

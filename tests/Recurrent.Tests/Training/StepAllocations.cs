// How the tests check habit 4 ("a training step allocates nothing"): a few steps first, so that JIT compilation,
// tiering and lazily sized buffers are out of the measurement, then the bytes this thread allocates over more steps.
using System.Numerics;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

internal static class StepAllocations
{
    /// <summary>The bytes allocated on this thread by <paramref name="measured"/> steps, after <paramref name="warmup"/> unmeasured ones.</summary>
    public static long Of<T>(Trainer<T> trainer, int warmup = 3, int measured = 5) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < warmup; k++)
            trainer.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < measured; k++)
            trainer.Step();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

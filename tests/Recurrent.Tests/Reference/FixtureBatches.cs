// A reference fixture's one batch as a batch source: every step of an optimizer trajectory reads the same inputs
// and targets from the same initial state (the trainer's State, which the test sets to the fixture's h0 and c0),
// as the PyTorch script's loop does, so the trajectories run through the library's own Trainer.Step.
using System.Numerics;
using Recurrent.Data;

namespace Recurrent.Tests.Reference;

/// <summary>The fixture's batch at every step; windows independent, no epochs.</summary>
public sealed class FixtureBatches(TorchFixture fixture) : IBatchSource
{
    public int Batch => fixture.Batch;

    public int Steps => fixture.Steps;

    public bool CarriesState => false;

    public int WindowsPerEpoch => 0;

    public int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixture.WriteBatch(batch);
        return 0;
    }

    public ulong[]? GetState() => null;

    public void SetState(ulong[] state)
    {
    }
}

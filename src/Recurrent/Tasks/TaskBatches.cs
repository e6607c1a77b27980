// The training stream of a task run: a fresh batch of the task's sequences every step, drawn from a seeded
// generator, so that the model never sees the same sequence twice. Windows are independent (no epochs, every one
// from the zero state); the generator's state is what a resumed run restores to draw the same batches.
using System.Numerics;
using Recurrent.Data;
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>An endless batch source of freshly drawn sequences of a <see cref="SequenceTask"/>.</summary>
public sealed class TaskBatches : IBatchSource
{
    private readonly Rng _rng;
    private readonly TaskBatch _batch;

    /// <param name="task">The task to draw from.</param>
    /// <param name="batch">B, the sequences per step.</param>
    /// <param name="rng">The generator of the sequences; it advances with every batch.</param>
    public TaskBatches(SequenceTask task, int batch, Rng rng)
    {
        _batch = new TaskBatch(task, batch);
        _rng = rng;
    }

    /// <summary>The task the sequences are drawn from.</summary>
    public SequenceTask Task => _batch.Task;

    /// <summary>B, the sequences drawn per step.</summary>
    public int Batch => _batch.Batch;

    /// <summary>T, the task's length.</summary>
    public int Steps => _batch.Steps;

    /// <summary>False: every batch is new sequences.</summary>
    public bool CarriesState => false;

    /// <summary>0: an endless stream, no epochs.</summary>
    public int WindowsPerEpoch => 0;

    /// <summary>Draws the next batch into <paramref name="batch"/> (the step number only orders the calls); returns 0.</summary>
    public int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        _batch.Task.Fill(_rng, _batch);
        _batch.CopyTo(batch);
        return 0;
    }

    /// <summary>The generator's state.</summary>
    public ulong[]? GetState() => _rng.GetState();

    /// <summary>Restores the generator's state, to draw the batches a run saved at that point would have drawn.</summary>
    public void SetState(ulong[] state) => _rng.SetState(state);
}

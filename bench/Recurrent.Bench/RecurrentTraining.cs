// Recurrent's training step, the library's own (Trainer<float>.Step): read a window, forward, loss, backward,
// carry the state, clip the global norm at 5, Adam (lr 1e-3). Random tokens instead of a text.
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Bench;

internal sealed class RecurrentTraining : IWorkload
{
    private readonly Trainer<float> _trainer;

    public RecurrentTraining(ModelSpec spec, BenchShape shape, TokenData data)
    {
        var model = new RecurrentModel<float>(spec);
        model.Initialize(seed: 1);
        _trainer = new Trainer<float>(model, data, new Adam<float>(model.Parameters.Count, learningRate: 1e-3), clip: 5.0);
        ItemsPerCall = shape.Steps * shape.Batch;
    }

    public string Name => RecurrentSide.Name;

    public int ItemsPerCall { get; }

    public void Call() => _trainer.Step();

    public void Dispose()
    {
    }
}

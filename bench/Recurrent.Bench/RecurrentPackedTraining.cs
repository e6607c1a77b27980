// Recurrent's training over the packed workload: the library's own Trainer<float>.Step on each batch (zero the
// gradients, forward for the batch's own longest length with Lengths set, loss, backward, clip the global norm at 5,
// Adam at lr 1e-3). Every batch starts from the zero state, as nn.LSTM without h0.
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Bench;

internal sealed class RecurrentPackedTraining : IWorkload
{
    private readonly Trainer<float> _trainer;
    private readonly PackedData _data;

    public RecurrentPackedTraining(ModelSpec spec, PackedData data)
    {
        var model = new RecurrentModel<float>(spec);
        model.Initialize(RecurrentSide.InitialSeed);
        _trainer = new Trainer<float>(model, new PackedBatches(data), new Adam<float>(model.Parameters.Count, learningRate: 1e-3), clip: 5.0);
        _data = data;
    }

    public string Name => RecurrentSide.Name;

    public int ItemsPerCall => _data.Shape.SequencesPerPass;

    /// <summary>One training step per batch, over every batch of a pass.</summary>
    public void Call()
    {
        for (int k = 0; k < _data.Batches.Length; k++)
            _trainer.Step();
    }

    public void Dispose()
    {
    }
}

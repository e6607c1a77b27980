// Recurrent's training over the packed workload: per batch, what Trainer<float>.Step does (zero the gradients,
// forward, loss, backward, clip the global norm at 5, Adam at lr 1e-3), written out here because the trainer runs
// every batch for its source's T steps, while a batch of mixed lengths is run for its own longest, T_batch ≤ T, with
// Lengths set (StackWorkspace.Lengths). Every batch starts from the zero state, as nn.LSTM without h0.
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Bench;

internal sealed class RecurrentPackedTraining : IWorkload
{
    private readonly RecurrentModel<float> _model;
    private readonly ModelWorkspace<float> _workspace;
    private readonly RecurrentState<float> _zero;
    private readonly Adam<float> _adam;
    private readonly PackedData _data;

    public RecurrentPackedTraining(ModelSpec spec, PackedData data)
    {
        _model = new RecurrentModel<float>(spec);
        _model.Initialize(RecurrentSide.InitialSeed);
        _workspace = _model.CreateWorkspace(data.MaxSteps, data.Shape.Batch);
        _zero = _model.CreateState(data.Shape.Batch);
        _adam = new Adam<float>(_model.Parameters.Count, learningRate: 1e-3);
        _data = data;
    }

    public string Name => RecurrentSide.Name;

    public int ItemsPerCall => _data.Shape.SequencesPerPass;

    /// <summary>One training step per batch, over every batch of a pass.</summary>
    public void Call()
    {
        foreach (var batch in _data.Batches)
        {
            batch.WriteTo(_workspace);
            _model.Parameters.ZeroGradients();
            _model.Forward(_workspace, batch.Steps, _zero);
            double loss = _model.Loss(_workspace);
            if (!double.IsFinite(loss))
                throw new InvalidOperationException($"Recurrent's training loss became {loss}.");
            _model.Backward(_workspace);
            GradientClipping.ClipByGlobalNorm<float>(_model.Parameters.Gradients, 5.0);
            _adam.Step(_model.Parameters.Values, _model.Parameters.Gradients);
        }
    }

    public void Dispose()
    {
    }
}

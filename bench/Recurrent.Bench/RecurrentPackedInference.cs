// Recurrent's inference over the packed workload: per batch, Forward for the batch's own longest length with Lengths
// set, and the softmax of each sequence's logits; no gradients (an inference workspace), every batch from the zero state.
using Recurrent.Layers;
using Recurrent.Models;

namespace Recurrent.Bench;

internal sealed class RecurrentPackedInference : IWorkload
{
    private readonly RecurrentModel<float> _model;
    private readonly ModelWorkspace<float> _workspace;
    private readonly RecurrentState<float> _zero;
    private readonly PackedData _data;

    public RecurrentPackedInference(ModelSpec spec, PackedData data)
    {
        _model = new RecurrentModel<float>(spec);
        _model.Initialize(RecurrentSide.InitialSeed);
        _workspace = _model.CreateWorkspace(data.MaxSteps, data.Shape.Batch, forBackward: false);
        _zero = _model.CreateState(data.Shape.Batch);
        _data = data;
    }

    public string Name => RecurrentSide.Name;

    public int ItemsPerCall => _data.Shape.SequencesPerPass;

    public void Call()
    {
        int size = _data.Shape.Batch * PackedShape.Classes;
        foreach (var batch in _data.Batches)
        {
            batch.WriteTo(_workspace);
            _model.Forward(_workspace, batch.Steps, _zero);
            // (B × C) class probabilities, as torch.softmax(logits, -1) on the other side
            SoftmaxCrossEntropy.SoftmaxRows<float>(_workspace.Outputs.AsSpan(0, size), _workspace.Probabilities.AsSpan(0, size), PackedShape.Classes);
        }
    }

    public void Dispose()
    {
    }
}

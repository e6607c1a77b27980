// TorchSharp's inference over the packed workload: per batch under no_grad, the packed model and softmax of the logits.
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchPackedInference(TorchPackedNet net, TorchPackedData data) : IWorkload
{
    public string Name => net.Name;

    public int ItemsPerCall => data.SequencesPerPass;

    public void Call()
    {
        using var noGrad = no_grad();
        foreach (var batch in data.Batches)
        {
            using var scope = NewDisposeScope();
            nn.functional.softmax(net.Forward(batch), -1);
        }
    }

    public void Dispose() => net.Dispose();
}

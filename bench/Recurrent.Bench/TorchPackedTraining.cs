// TorchSharp's training over the packed workload, per batch as a PyTorch user writes it: zero_grad, the packed model,
// cross_entropy over the B sequences' logits, backward, clip_grad_norm_(5), Adam (lr 1e-3), loss.item().
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchPackedTraining : IWorkload
{
    private readonly TorchPackedNet _net;
    private readonly TorchPackedData _data;
    private readonly Parameter[] _parameters;
    private readonly optim.Optimizer _adam;

    public TorchPackedTraining(TorchPackedNet net, TorchPackedData data)
    {
        _net = net;
        _data = data;
        _parameters = [.. net.Parameters()];
        _adam = optim.Adam(_parameters, lr: 1e-3);
    }

    public string Name => _net.Name;

    public int ItemsPerCall => _data.SequencesPerPass;

    public void Call()
    {
        foreach (var batch in _data.Batches)
        {
            using var scope = NewDisposeScope();
            _adam.zero_grad();
            var loss = nn.functional.cross_entropy(_net.Forward(batch), batch.Labels);
            loss.backward();
            nn.utils.clip_grad_norm_(_parameters, 5.0);
            _adam.step();
            float value = loss.item<float>();
            if (!float.IsFinite(value))
                throw new InvalidOperationException($"TorchSharp's training loss became {value}.");
        }
    }

    public void Dispose()
    {
        _adam.Dispose();
        _net.Dispose();
    }
}

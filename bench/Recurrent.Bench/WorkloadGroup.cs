// The workloads of one side for one mode, with whatever they share (TorchSharp's data tensors).
namespace Recurrent.Bench;

internal sealed class WorkloadGroup(IReadOnlyList<IWorkload> workloads, IDisposable? shared = null) : IDisposable
{
    public IReadOnlyList<IWorkload> Workloads { get; } = workloads;

    public void Dispose()
    {
        foreach (var workload in Workloads)
            workload.Dispose();
        shared?.Dispose();
    }
}

// Everything a many-to-one model computes over a window of up to T steps for B sequences, sized once: the stack's
// buffers (StackWorkspace) plus one head output row per sequence and its target. The caller writes the inputs
// (Tokens or Inputs, time-major: row t·B + b) and the targets (TargetValues for regression, TargetClasses for
// classification).
using System.Numerics;

namespace Recurrent.Models;

/// <summary>Inputs, per-layer buffers, and the per-sequence outputs, targets and gradients of a many-to-one model.</summary>
public sealed class ManyToOneWorkspace<T> : StackWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal ManyToOneWorkspace(ModelSpec spec, HeadKind head, Layers.RecurrentCell<T> cell, int maxSteps, int batch,
        bool forBackward)
        : base(spec, cell, maxSteps, batch, forBackward)
    {
        int size = batch * spec.OutputSize;
        Outputs = new T[size];
        DOutputs = new T[size];
        TargetValues = head == HeadKind.Regression ? new T[size] : [];
        TargetClasses = head == HeadKind.Classification ? new int[batch] : [];
        Probabilities = head == HeadKind.Classification ? new T[size] : [];
    }

    /// <summary>(B × O) the head's outputs after Forward: predictions (regression) or logits (classification).</summary>
    public T[] Outputs { get; }

    /// <summary>(B × O) regression targets; empty for classification.</summary>
    public T[] TargetValues { get; }

    /// <summary>(B) target classes; empty for regression.</summary>
    public int[] TargetClasses { get; }

    /// <summary>(B × C) softmax of the logits after Loss; empty for regression.</summary>
    public T[] Probabilities { get; }

    /// <summary>(B × O) dL/d(outputs), during Backward.</summary>
    public T[] DOutputs { get; }

    /// <summary>The head's outputs for sequence b (O values), after Forward.</summary>
    public ReadOnlySpan<T> OutputOf(int b)
    {
        int outputs = Outputs.Length / Batch;
        return Outputs.AsSpan(b * outputs, outputs);
    }
}

// Everything a per-step (character) model computes over one window of up to T steps for B sequences, sized once:
// the stack's buffers (StackWorkspace) plus the head's logits at every step and their targets.
// The caller writes the inputs (Tokens or Inputs) and Targets, time-major: row t·B + b.
using System.Numerics;

namespace Recurrent.Models;

/// <summary>Inputs, targets, per-layer buffers, logits and their gradients for one window.</summary>
public sealed class ModelWorkspace<T> : StackWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal ModelWorkspace(ModelSpec spec, Layers.RecurrentCell<T> cell, int maxSteps, int batch, bool forBackward)
        : base(spec, cell, maxSteps, batch, forBackward)
    {
        int rows = maxSteps * batch;
        Targets = new int[rows];
        Logits = new T[rows * spec.OutputSize];
        Probabilities = new T[rows * spec.OutputSize];
        DLogits = forBackward ? new T[rows * spec.OutputSize] : [];
    }

    /// <summary>(T × B) target classes.</summary>
    public int[] Targets { get; }

    /// <summary>(T × B × V) head outputs.</summary>
    public T[] Logits { get; }

    /// <summary>(T × B × V) softmax of the logits, after Loss.</summary>
    public T[] Probabilities { get; }

    /// <summary>(T × B × V) dL/d(logits), during Backward; empty in an inference workspace.</summary>
    public T[] DLogits { get; }
}

// Everything a model computes over one window of up to T steps for B sequences, sized once: the stack's buffers
// (StackWorkspace) plus the head's output rows and their targets. A head reading every step has T·B rows (row
// t·B + b); one reading the last step has B rows (row b). The caller writes the inputs (Tokens or Inputs,
// time-major: row t·B + b) and the targets of the head's rows: Targets (classes) for a classification head,
// TargetValues (O values a row) for a regression head.
using System.Numerics;
using System.Runtime.CompilerServices;
using Recurrent.Data;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Inputs, per-layer buffers, the head's outputs, targets and gradients for one window.</summary>
public sealed class ModelWorkspace<T> : StackWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal ModelWorkspace(ModelSpec spec, Layers.RecurrentCell<T> cell, int maxSteps, int batch, bool forBackward)
        : base(spec, cell, maxSteps, batch, forBackward)
    {
        bool classes = spec.Head == HeadKind.Classification;
        OutputSize = spec.OutputSize;
        _everyStep = spec.Readout == Readout.EveryStep;
        MaxOutputRows = spec.OutputRows(maxSteps, batch);
        int size = checked(MaxOutputRows * spec.OutputSize);
        Outputs = new T[size];
        DOutputs = forBackward ? new T[size] : [];
        Targets = classes ? new int[MaxOutputRows] : [];
        TargetValues = classes ? [] : new T[size];
        Probabilities = classes ? new T[size] : [];
        int read = spec.Readout != Readout.EveryStep ? checked(spec.ReadoutSteps * batch * spec.OutputWidth) : 0;
        HeadInput = new T[read];
        HeadInputGradient = new T[forBackward ? read : 0];
        PoolArgMax = spec.Readout == Readout.MaxOverSteps ? new int[read] : [];
    }

    /// <summary>
    /// (N·B × D·H) the rows a head on the last N steps read from sequences of several lengths (each its own last N), or
    /// the summaries a pooled head read (B × D·H).
    /// </summary>
    internal T[] HeadInput { get; }

    /// <summary>(N·B × D·H) dL/d<see cref="HeadInput"/>, during Backward.</summary>
    internal T[] HeadInputGradient { get; }

    /// <summary>
    /// For a classification head, the weight of each class in the loss (torch's CrossEntropyLoss(weight=)): the loss is
    /// Σ w[target]·(−log p[target]) / Σ w[target] over the rows, so a rare class given a larger weight counts as much
    /// as a common one. Null (the default): every class 1, the plain mean. A copy of the values given is kept.
    /// </summary>
    /// <exception cref="ArgumentException">Not one finite positive weight per class, or the head is not a classifier.</exception>
    public IReadOnlyList<double>? ClassWeights
    {
        get => _classWeights;
        set
        {
            if (value is not null && (Targets.Length == 0 || value.Count != OutputSize || value.Any(w => !(w > 0 && double.IsFinite(w)))))
                throw new ArgumentException($"Class weights are one finite positive number per class of a classification head ({OutputSize}).", nameof(value));
            _classWeights = value is null ? null : [.. value];
        }
    }

    private double[]? _classWeights;

    /// <summary>The class weights as a span for the loss; empty for the plain mean.</summary>
    internal ReadOnlySpan<double> ClassWeightSpan => _classWeights;

    /// <summary>(B × D·H) for a head on the maximum over steps, the step that gave each element of the last Forward.</summary>
    internal int[] PoolArgMax { get; }

    /// <summary>The valid rows of a head at every step over sequences of several lengths; made on the first such loss.</summary>
    internal ValidRows<T>? ValidRows { get; set; }

    /// <summary>
    /// The elements of the largest array and the bytes of all arrays a workspace of these sizes allocates (the stack's
    /// buffers, every layer's, the head's), in 64 bits: what <see cref="RecurrentModel{T}.CreateWorkspace"/> checks
    /// against the array limit and the free memory before it allocates.
    /// </summary>
    internal static (long Largest, long Bytes) Size(ModelSpec spec, Layers.RecurrentCell<T> cell, int maxSteps, int batch, bool forBackward)
    {
        long rows = MemoryBudget.Product(maxSteps, batch), hidden = spec.Hidden, element = Unsafe.SizeOf<T>();
        long outputRows = spec.Readout == Readout.EveryStep ? rows : MemoryBudget.Product(spec.ReadoutSteps, batch), outputs = MemoryBudget.Product(outputRows, spec.OutputSize);
        bool classes = spec.Head == HeadKind.Classification;
        long[] values =
        [
            spec.TakesTokens ? 0 : MemoryBudget.Product(2, rows, spec.InputSize),                         // inputs and their gradient
            spec.Input == InputKind.OneHot ? MemoryBudget.Product(spec.InputSize, spec.GateCount, hidden) : 0,
            spec.Input == InputKind.Embedding ? MemoryBudget.Product(2, rows, spec.EmbeddingSize) : 0,
            spec.Dropout > 0 ? MemoryBudget.Product(3, spec.Layers, rows, spec.OutputWidth) : 0,            // masks, dropped, gradient
            spec.Bidirectional ? MemoryBudget.Product(forBackward ? 2 : 1, spec.Layers, rows, spec.OutputWidth) : 0, // joined, gradient
            MemoryBudget.Product(forBackward ? 2 : 1, outputs),                                             // outputs, their gradient
            outputs,                                                                                        // probabilities, or target values
            spec.Readout != Readout.EveryStep ? MemoryBudget.Product(forBackward ? 2 : 1, outputRows, spec.OutputWidth) : 0, // head input, gradient
        ];
        var (layerLargest, layerTotal) = Recurrent.Layers.LayerBuffers<T>.Size(maxSteps, batch, hidden, spec.GateCount, cell.HasCellState,
            cell.SeparatesRecurrentGates, forBackward, spec.ZoneoutHidden > 0, spec.ZoneoutCell > 0);
        long largest = new[] { layerLargest, rows, outputs, MemoryBudget.Product(rows, spec.OutputWidth), MemoryBudget.Product(rows, Math.Max(spec.InputSize, spec.EmbeddingSize)),
            spec.Input == InputKind.OneHot ? values[1] : 0 }.Max();
        long ints = MemoryBudget.Sum(spec.TakesTokens ? rows : 0, classes ? outputRows : 0, // tokens, target classes, the maximum's steps
            spec.Readout == Readout.MaxOverSteps ? MemoryBudget.Product(outputRows, spec.OutputWidth) : 0);
        long bytes = MemoryBudget.Sum(MemoryBudget.Product(MemoryBudget.Sum([.. values, MemoryBudget.Product(spec.Layers, spec.Directions, layerTotal)]), element),
            MemoryBudget.Product(ints, sizeof(int)));
        return (largest, bytes);
    }

    private readonly bool _everyStep;

    /// <summary>
    /// Whether head row <paramref name="row"/> of the last Forward is one its loss counts: every row but, for a head at
    /// every step over sequences of several lengths, a padded one (row t·B + b with t ≥ Lengths[b]).
    /// </summary>
    public bool IsValidRow(int row) => !_everyStep || ActiveLengths is not { } lengths || row / Batch < lengths[row % Batch];

    /// <summary>O, the head's outputs per row.</summary>
    public int OutputSize { get; }

    /// <summary>The head's rows for a window of MaxSteps: T·B when it reads every step, B when it reads the last.</summary>
    public int MaxOutputRows { get; }

    /// <summary>The head's rows of the last Forward.</summary>
    public int OutputRows { get; internal set; }

    /// <summary>(rows × O) the head's outputs after Forward: logits (classification) or predictions (regression).</summary>
    public T[] Outputs { get; }

    /// <summary>(rows) target classes, for a classification head; empty otherwise.</summary>
    public int[] Targets { get; }

    /// <summary>(rows × O) target values, for a regression head; empty otherwise.</summary>
    public T[] TargetValues { get; }

    /// <summary>(rows × O) softmax of the outputs after Loss, for a classification head; empty otherwise.</summary>
    public T[] Probabilities { get; }

    /// <summary>(rows × O) dL/d(outputs), during Backward; empty in an inference workspace.</summary>
    public T[] DOutputs { get; }

    /// <summary>The inputs and targets a batch source writes a batch into (see <see cref="IBatchSource"/>).</summary>
    public BatchBuffers<T> Buffers => new(Tokens, Inputs, Targets, TargetValues, Lengths);

    /// <summary>The head's O outputs for row <paramref name="row"/> after Forward.</summary>
    public ReadOnlySpan<T> OutputOf(int row) => Outputs.AsSpan(row * OutputSize, OutputSize);

    /// <summary>The class with the largest output in row <paramref name="row"/> after Forward (the first on ties).</summary>
    public int PredictedClass(int row)
    {
        ReadOnlySpan<T> outputs = OutputOf(row);
        int best = 0;
        for (int k = 1; k < outputs.Length; k++)
            if (outputs[k] > outputs[best])
                best = k;
        return best;
    }
}

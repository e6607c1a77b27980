// All of a model's parameters in one flat buffer, and their gradients in a second buffer of the
// same layout, with named views. Optimizers, clipping and checkpoints then work on two arrays,
// and a view by name costs a dictionary lookup done once, outside hot loops.
// The gradient buffer is allocated on first use, so a model that only infers or generates never holds it.
using System.Numerics;
using System.Runtime.CompilerServices;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Flat value and gradient buffers with named, shaped views, in registration order.</summary>
public sealed class ParameterSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<string, ParameterInfo> _byName;
    private T[]? _gradients;

    /// <summary>Builds zeroed buffers for the given (name, shape) list, laid out in that order.</summary>
    /// <exception cref="ArgumentException">A name repeats or a dimension is not positive.</exception>
    public ParameterSet(IEnumerable<(string Name, int[] Shape)> layout)
    {
        var infos = new List<ParameterInfo>();
        _byName = new Dictionary<string, ParameterInfo>(StringComparer.Ordinal);
        int offset = 0;
        foreach (var (name, shape) in layout)
        {
            if (shape.Any(dim => dim <= 0))
                throw new ArgumentException($"Parameter {name} has a non-positive dimension.", nameof(layout));
            var info = new ParameterInfo(name, offset, shape);
            if (!_byName.TryAdd(name, info))
                throw new ArgumentException($"Parameter {name} is declared twice.", nameof(layout));
            infos.Add(info);
            offset = checked(offset + info.Length);
        }
        Parameters = infos;
        Values = new T[offset];
    }

    /// <summary>Every parameter, in buffer order.</summary>
    public IReadOnlyList<ParameterInfo> Parameters { get; }

    /// <summary>All parameter values, back to back.</summary>
    public T[] Values { get; }

    /// <summary>dL/d(values), same layout; Backward passes add into it. Allocated (zeroed) on first access.</summary>
    /// <exception cref="RecurrentException">The gradients do not fit in the memory free now.</exception>
    public T[] Gradients => _gradients ??= AllocateGradients();

    private T[] AllocateGradients()
    {
        MemoryBudget.Ensure(Values.Length, (long)Values.Length * Unsafe.SizeOf<T>(), $"a gradient buffer for {Values.Length:N0} parameters", "hidden", "layers");
        return new T[Values.Length];
    }

    /// <summary>The total number of scalars.</summary>
    public int Count => Values.Length;

    /// <summary>The view of a parameter by name.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public ParameterInfo this[string name] =>
        _byName.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"No parameter named {name}.");

    /// <summary>Whether a parameter of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The values of one parameter.</summary>
    public Span<T> Value(string name) => Value(this[name]);

    /// <summary>The gradient of one parameter.</summary>
    public Span<T> Gradient(string name) => Gradient(this[name]);

    /// <summary>The values of the parameter <paramref name="info"/> describes, without a lookup by name.</summary>
    public Span<T> Value(ParameterInfo info) => Values.AsSpan(info.Offset, info.Length);

    /// <summary>The gradient of the parameter <paramref name="info"/> describes, without a lookup by name; allocates <see cref="Gradients"/> on first use.</summary>
    public Span<T> Gradient(ParameterInfo info) => Gradients.AsSpan(info.Offset, info.Length);

    /// <summary>Sets every gradient to zero, before a step's Backward.</summary>
    public void ZeroGradients() => Array.Clear(Gradients);
}

// What SafetensorsFile.Read returns: the tensors of one file in file order, and its metadata.
// It knows nothing about models; mapping names to parameters is the checkpoint layer's job.
using System.Diagnostics.CodeAnalysis;

namespace Recurrent.IO;

/// <summary>The tensors (in the order the header lists them) and string metadata read from one safetensors file.</summary>
public sealed class SafetensorsContent
{
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    internal SafetensorsContent(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Tensors = tensors;
        Metadata = metadata;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The path the content was read from, for messages.</summary>
    public string Path { get; }

    /// <summary>All tensors, in header order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> entries; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Finds a tensor by its exact (case-sensitive) name.</summary>
    public bool TryGetTensor(string name, [NotNullWhen(true)] out SafetensorsTensor? tensor) =>
        _byName.TryGetValue(name, out tensor);

    /// <summary>Returns the tensor called <paramref name="name"/>.</summary>
    /// <exception cref="CheckpointException">The file has no such tensor; the message names the file.</exception>
    public SafetensorsTensor GetTensor(string name) =>
        _byName.TryGetValue(name, out SafetensorsTensor? tensor)
            ? tensor
            : throw new CheckpointException($"The safetensors file '{Path}' has no tensor named '{name}'.");
}

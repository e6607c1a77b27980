// The library's folders import downward only (CONVENTIONS, habit 11): Numerics and the file format at the bottom,
// then the data sources, the layers, the models (and the model file), training (and the training checkpoint), and
// the front ends on top. Checked on the compiled assembly, so no reference escapes by a fully qualified name. And the
// library speaks its own language: no message of it names a command-line flag.
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Recurrent.Models;

namespace Recurrent.Tests.Architecture;

public sealed class LayeringTests
{
    /// <summary>The folders (namespaces under Recurrent), lowest first; a folder may use those before it, and the root.</summary>
    private static readonly string[] Layers = ["Numerics", "IO", "Data", "Audio", "Layers", "Models", "Training", "Generation", "Tasks", "Forecasting", "Classification", "Diagnostics", "Onnx", "Tuning"];

    private static string? Folder(Type type)
    {
        string? ns = type.Namespace;
        if (ns is null || (ns != "Recurrent" && !ns.StartsWith("Recurrent.", StringComparison.Ordinal)))
            return null;
        return ns == "Recurrent" ? "" : ns["Recurrent.".Length..].Split('.')[0];
    }

    [Fact]
    public void Every_folder_of_the_library_is_a_known_layer()
    {
        var folders = typeof(RecurrentModel<>).Assembly.GetTypes().Select(Folder).OfType<string>().Where(f => f.Length > 0).Distinct();
        Assert.All(folders, folder => Assert.Contains(folder, Layers));
    }

    [Fact]
    public void Folders_import_downward_only()
    {
        var upward = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(RecurrentModel<>).Assembly.GetTypes())
        {
            if (Folder(type) is not { Length: > 0 } from)
                continue;
            int level = Array.IndexOf(Layers, from);
            foreach (var used in TypeReferences.Of(type))
                if (Folder(used) is { Length: > 0 } to && Array.IndexOf(Layers, to) > level)
                    upward.Add($"{from} -> {to}: {type.FullName} uses {used.FullName}");
        }
        Assert.True(upward.Count == 0, "Upward imports:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void The_check_sees_references_in_method_bodies()
    {
        // Training's Trainer uses Models (RecurrentModel) and Data (IBatchSource) in its body and signature: both found.
        var used = TypeReferences.Of(typeof(Recurrent.Training.Trainer<>)).Select(t => t.Name).ToHashSet();
        Assert.Contains("RecurrentModel`1", used);
        Assert.Contains("IBatchSource", used);
        Assert.Contains("GradientClipping", used); // only called, never in a signature
    }

    [Fact]
    public void No_message_of_the_library_names_a_command_line_flag()
    {
        using var stream = File.OpenRead(typeof(RecurrentModel<>).Assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var flags = new List<string>();
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = reader.GetNextHandle(handle))
        {
            string text = reader.GetUserString(handle);
            if (Regex.IsMatch(text, @"(?<![\w-])--[a-z][a-z-]*"))
                flags.Add(text);
        }
        Assert.True(flags.Count == 0, "Library strings that name a flag:\n" + string.Join("\n", flags));
    }
}

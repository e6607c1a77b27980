// The complete programs of the README's "Using the library" section, compiled and run as a user would run them:
// each block is compiled by Roslyn against the framework and Recurrent.dll alone (with the implicit usings of
// `dotnet new console`), then run in a process of its own, in an empty folder, by the dotnet host. So the README's
// code cannot rot: a renamed type, a changed signature or a result that got worse fails a test.
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Recurrent.Models;

namespace Recurrent.Tests.Docs;

internal static class ReadmeExamples
{
    private const string Section = "## Using the library";

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>The repository root: the folder above the tests that holds Recurrent.slnx.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Recurrent.slnx")))
                    return dir.FullName;
            throw new InvalidOperationException("The repository root (Recurrent.slnx) is not above the test's folder.");
        }
    }

    /// <summary>The ```csharp blocks of a section (by default "Using the library") that are whole programs (they start with a using directive).</summary>
    public static IReadOnlyList<string> Programs(string section = Section)
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        int start = readme.IndexOf("\n" + section + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no \"{section}\" section");
        int end = readme.IndexOf("\n## ", start + section.Length, StringComparison.Ordinal);
        string text = readme[start..(end < 0 ? readme.Length : end)];
        var programs = new List<string>();
        for (int open = text.IndexOf("```csharp\n", StringComparison.Ordinal); open >= 0;
             open = text.IndexOf("```csharp\n", open + 1, StringComparison.Ordinal))
        {
            int body = open + "```csharp\n".Length, close = text.IndexOf("\n```", body, StringComparison.Ordinal);
            string code = text[body..close];
            if (code.StartsWith("using ", StringComparison.Ordinal))
                programs.Add(code);
        }
        return programs;
    }

    /// <summary>
    /// Compiles <paramref name="code"/> into a console program in a fresh folder and runs it there; returns its output.
    /// <paramref name="packages"/> are the assemblies of more packages it references, <paramref name="natives"/> their
    /// native libraries (file names in the test's runtimes/RID/native folder), copied beside it as a restore would.
    /// </summary>
    public static (int ExitCode, string Output) Run(string code, string folder, TimeSpan timeout, System.Reflection.Assembly[]? packages = null,
        string[]? natives = null)
    {
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var references = Directory.GetFiles(runtime, "*.dll")
            .Where(IsManaged)
            .Append(typeof(ModelFile).Assembly.Location)
            .Append(typeof(TensorPrimitives).Assembly.Location)
            .Concat((packages ?? []).Select(assembly => assembly.Location))
            .Select(path => MetadataReference.CreateFromFile(path));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Example",
            [CSharpSyntaxTree.ParseText(code, parse, "Program.cs"), CSharpSyntaxTree.ParseText(ImplicitUsings, parse)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable));
        string program = Path.Combine(folder, "Example.dll");
        var emitted = compilation.Emit(program);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning);
        Assert.True(emitted.Success && !errors.Any(), "The README's program does not compile cleanly:\n" + string.Join("\n", errors));
        // The library's own dependencies, as a package reference would bring them: System.Numerics.Tensors, the CSV
        // reader, the WAV reader and the ONNX protobuf classes; then the program's own packages and their native libraries.
        foreach (string dependency in new[] { typeof(ModelFile).Assembly.Location, typeof(TensorPrimitives).Assembly.Location,
                     typeof(Sylvan.Data.Csv.CsvDataReader).Assembly.Location, typeof(NAudio.Wave.WaveFileReader).Assembly.Location,
                     typeof(global::Onnx.ModelProto).Assembly.Location, typeof(Google.Protobuf.ByteString).Assembly.Location }
                     .Concat((packages ?? []).Select(assembly => assembly.Location)))
            File.Copy(dependency, Path.Combine(folder, Path.GetFileName(dependency)));
        foreach (string native in natives ?? [])
            File.Copy(Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", native), Path.Combine(folder, native));
        File.WriteAllText(Path.Combine(folder, "Example.runtimeconfig.json"),
            """{"runtimeOptions":{"tfm":"net10.0","framework":{"name":"Microsoft.NETCore.App","version":""" + $"\"{Environment.Version}\"" + "}}}");

        var start = new ProcessStartInfo(DotnetHost(runtime), [program])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The README's program ran past {timeout.TotalSeconds} s.");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>The dotnet host: beside shared/Microsoft.NETCore.App/VERSION/, three levels up from the runtime.</summary>
    public static string DotnetHost(string runtime)
    {
        string root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}

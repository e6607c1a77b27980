// `recurrent quantize`: a model file with its weight matrices as 8- or 16-bit integers, for faster, smaller inference.
using System.CommandLine;
using System.Globalization;
using Recurrent.Models;

namespace Recurrent.Cli;

public static class QuantizeCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model file (.safetensors) of any kind, float32", Required = true };
        var output = new Option<string?>("--out") { Description = "The quantized model file to write (default: the model's path with .q8.safetensors or .q16.safetensors)" };
        var bits = new Option<int>("--bits") { Description = "Bits per weight: 8 (a quarter of the bytes) or 16 (half, closer to float32)", DefaultValueFactory = _ => 8 };
        var command = new Command("quantize", "Write a model with 8- or 16-bit integer weights (per-row scales; biases and head float32) for inference") { model, output, bits };
        command.SetAction(parsed =>
        {
            int width = parsed.GetValue(bits);
            if (!ModelQuantization.Widths.Contains(width))
                throw new UsageException($"--bits must be 8 or 16, not {width}.");
            string source = Paths.Input("--model", parsed.GetValue(model));
            string target = Paths.Output("--out", parsed.GetValue(output)
                ?? Path.ChangeExtension(source, null) + $".q{width}.safetensors");
            if (Path.GetFullPath(target) == Path.GetFullPath(source))
                throw new UsageException($"--out: '{target}' is the model file itself; give another path.");
            var loaded = ModelFile.Load(source);
            if (loaded.Network.Quantized is { } already)
                throw new RecurrentException($"'{source}' is quantized already ({already.Bits}-bit weights); quantize the float model it was made from.");
            var quantized = ModelQuantization.Quantize(loaded, width);
            ModelFile.Save(target, quantized);
            long before = new FileInfo(source).Length, after = new FileInfo(target).Length;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {target}: {loaded.Describe()}, weight matrices as {width}-bit integers"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"weights in memory: {Mib(loaded.Network.WeightBytes)} -> {Mib(quantized.Network.WeightBytes)} ({(double)quantized.Network.WeightBytes / loaded.Network.WeightBytes:F2}x)"));
            // Against the float32 weights' bytes, not the source file's: a training checkpoint also holds the optimizer's state.
            long floatBytes = loaded.Network.WeightBytes;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"file: {Mib(after)}, {(double)after / floatBytes:F2}x of the float32 weights' {Mib(floatBytes)} (the source file: {Mib(before)})"));
            return CliApp.Ok;
        });
        return command;
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F2} MiB");
}

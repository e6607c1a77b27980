// What the packed workload prints before its figures: the data it runs on, and whether both sides compute the same.
using System.Globalization;

namespace Recurrent.Bench;

internal static class PackedReport
{
    /// <summary>One line: the sequences, the batches, the model's front and head, and the padding Recurrent computes.</summary>
    public static string Describe(PackedData data)
    {
        PackedShape shape = data.Shape;
        return string.Create(CultureInfo.InvariantCulture,
            $"Packed: {shape.SequencesPerPass} sequences per pass (lengths uniform in {shape.MinLength}-{shape.MaxLength}, mean " +
            $"{(double)data.ValidSteps / shape.SequencesPerPass:F1}), {shape.Batches} batches of B={shape.Batch} by length, in a shuffled order; " +
            $"tokens over V={shape.Vocabulary} embedded in D={PackedShape.Embedding}; bidirectional; a head over {PackedShape.Classes} classes " +
            $"on each sequence's last step. Steps run by Recurrent (each batch to its longest): {data.PaddedSteps:N0}, " +
            $"{(double)data.PaddedSteps / data.ValidSteps:F3}x the {data.ValidSteps:N0} valid steps a packed LSTM runs");
    }

    /// <summary>Runs the agreement check for every config, prints one line each; false if one disagrees.</summary>
    public static bool Agree(IReadOnlyList<BenchConfig> configs, PackedData data, TextWriter output)
    {
        bool all = true;
        foreach (var config in configs)
        {
            var agreement = PackedAgreement.Measure(config, data);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Agreement check, {config.Name} bidirectional, one batch of lengths {data.Check.Lengths.Min()}-{data.Check.Lengths.Max()} from the same weights: {agreement}"));
            all &= agreement.Agrees;
        }
        if (!all)
            Console.Error.WriteLine("error: Recurrent and TorchSharp do not compute the same function on the packed workload; no figures measured.");
        return all;
    }
}

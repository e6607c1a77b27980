// What a sweep has decided and measured, in DIR/sweep.json: its definition (the search, the rungs, the command the
// trials run) and every finished job (trial, rung, steps, score, seconds), each trial with the values it drew. Written
// whole after every job, so an interrupted sweep, run again with the same --out, goes on where it stopped; a
// different definition under the same --out is refused.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recurrent.Cli;

internal sealed class SweepState
{
    public required SweepDefinition Definition { get; init; }

    public List<SweepTrial> Trials { get; init; } = [];

    public List<SweepJob> Jobs { get; init; } = [];

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string PathIn(string folder) => Path.Combine(folder, "sweep.json");

    /// <summary>The state saved in <paramref name="folder"/>, or null when there is none.</summary>
    /// <exception cref="RecurrentException">The file is not a sweep's state.</exception>
    public static SweepState? Load(string folder)
    {
        string path = PathIn(folder);
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<SweepState>(File.ReadAllText(path), Options)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new RecurrentException($"'{path}' is not a sweep's state ({e.Message}); give another --out.");
        }
    }

    public void Save(string folder) =>
        WholeFile.Write(PathIn(folder), JsonSerializer.SerializeToUtf8Bytes(this, Options), "the sweep's state");
}

/// <summary>Everything that defines a sweep: a resumed one must have the same.</summary>
internal sealed record SweepDefinition(IReadOnlyList<string> Parameters, int Trials, long MinSteps, long MaxSteps, int Eta, ulong Seed,
    IReadOnlyList<string> Command)
{
    public bool SameAs(SweepDefinition other) =>
        Parameters.SequenceEqual(other.Parameters) && Trials == other.Trials && MinSteps == other.MinSteps && MaxSteps == other.MaxSteps
        && Eta == other.Eta && Seed == other.Seed && Command.SequenceEqual(other.Command);
}

/// <summary>A trial: its number and the value it drew for each searched option.</summary>
internal sealed record SweepTrial(int Id, Dictionary<string, string> Values);

/// <summary>A finished job: a trial trained for a rung's steps, its best validation loss and how long it took.</summary>
internal sealed record SweepJob(int Trial, int Rung, long Steps, double Score, double Seconds, string Model);

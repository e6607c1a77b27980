// The long-range tasks by the names the command line uses, the length each defaults to and the shortest it allows.
namespace Recurrent.Tasks;

/// <summary>Creates a <see cref="SequenceTask"/> by name.</summary>
public static class TaskCatalog
{
    /// <summary>The task names, in the order help lists them.</summary>
    public static readonly string[] Names = ["adding", "temporal-order", "recall", "reber"];

    /// <summary>The canonical name (lower case; "copy" is "recall", "order" is "temporal-order"), or null for an unknown name.</summary>
    public static string? Normalize(string? name) => name?.ToLowerInvariant() switch
    {
        "copy" => "recall",
        "order" => "temporal-order",
        var other when Names.Contains(other) => other,
        _ => null,
    };

    /// <summary>T when none is given: 100, but 30 for the Reber window (its strings are about 11 symbols long).</summary>
    public static int DefaultLength(string name) => Canonical(name) == "reber" ? 30 : 100;

    /// <summary>The shortest T a task is defined for.</summary>
    public static int MinimumLength(string name) => Canonical(name) switch
    {
        "adding" => AddingTask.MinimumLength,
        "temporal-order" => TemporalOrderTask.MinimumLength,
        "recall" => RecallTask.MinimumLength,
        _ => EmbeddedReberTask.MinimumLength,
    };

    /// <summary>The task of that name with sequences of <paramref name="length"/> steps.</summary>
    /// <exception cref="ArgumentException">No task has that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below the task's minimum.</exception>
    public static SequenceTask Create(string name, int length) => Canonical(name) switch
    {
        "adding" => new AddingTask(length),
        "temporal-order" => new TemporalOrderTask(length),
        "recall" => new RecallTask(length),
        _ => new EmbeddedReberTask(length),
    };

    private static string Canonical(string name) =>
        Normalize(name) ?? throw new ArgumentException($"There is no task named '{name}' (tasks: {string.Join(", ", Names)}).", nameof(name));
}

// One step of a GateTrace.
namespace Recurrent.Diagnostics;

/// <summary>
/// Step t (from 0): the character read, its index in the vocabulary (the position of the 1 in the one-hot input),
/// per layer (bottom first) each quantity's H values, keyed by the names in <see cref="GateQuantities"/>, and for a
/// language model the most likely next characters after this step, most likely first (null for other models).
/// </summary>
public sealed record GateTraceStep(int T, string Char, int Index, IReadOnlyList<IReadOnlyDictionary<string, float[]>> Layers,
    IReadOnlyList<NextToken>? Next = null);

// The data shape shared by every configuration: B streams of T steps over a vocabulary of V.
namespace Recurrent.Bench;

/// <summary>B sequences per window, T steps per window, V one-hot classes (input and output).</summary>
internal sealed record BenchShape(int Batch, int Steps, int Vocabulary);

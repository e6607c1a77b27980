// What a model computed while it read a text: for every step, the character read and, per layer, the gate
// activations and states (see GateQuantities for which). Plain data, so System.Text.Json writes and reads it
// as is (GateTraceJson); GateTracer makes one.
namespace Recurrent.Diagnostics;

/// <summary>A gate trace: the cell ("rnn", "lstm", "gru"), H, L and one entry per step read.</summary>
public sealed record GateTrace(string Cell, int Hidden, int Layers, IReadOnlyList<GateTraceStep> Steps);

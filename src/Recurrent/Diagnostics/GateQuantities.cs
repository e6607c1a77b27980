// Which values a gate trace records for each cell, in the order the notes explain them: an LSTM's forget gate
// first, then what it lets in, the new memory and what it lets out; a GRU's reset and update gates, its
// candidate and the new state; a plain RNN has only its state. The names are the trace's keys (table rows,
// JSON properties) and the block numbers say where each gate sits in a row of the layer's Gates buffer
// (PyTorch's order: LSTM i, f, g, o; GRU r, z, n).
using Recurrent.Layers;
using Recurrent.Models;

namespace Recurrent.Diagnostics;

/// <summary>The names and meanings of the quantities a <see cref="GateTrace"/> holds, per cell.</summary>
public static class GateQuantities
{
    /// <summary>The LSTM's forget gate f = σ(·), the share of C(t-1) kept.</summary>
    public const string Forget = "f";

    /// <summary>The LSTM's input gate i = σ(·), the share of the candidate C~ let into the cell.</summary>
    public const string Input = "i";

    /// <summary>The LSTM's candidate memory C~ = tanh(·) (PyTorch's g).</summary>
    public const string Candidate = "C~";

    /// <summary>The LSTM's cell state C(t) = f⊙C(t-1) + i⊙C~.</summary>
    public const string Cell = "C";

    /// <summary>The LSTM's output gate o = σ(·), the share of tanh(C) let out into h.</summary>
    public const string Output = "o";

    /// <summary>The hidden state h(t), of every cell.</summary>
    public const string Hidden = "h";

    /// <summary>The GRU's reset gate r = σ(·), which scales the recurrent part of the candidate.</summary>
    public const string Reset = "r";

    /// <summary>The GRU's update gate z = σ(·), the share of h(t-1) kept: h(t) = (1 − z)⊙n + z⊙h(t-1).</summary>
    public const string Update = "z";

    /// <summary>The GRU's candidate state n = tanh(x_n + r⊙h_n).</summary>
    public const string NewState = "n";

    /// <summary>The quantities of one layer of <paramref name="cell"/>, in the order a trace shows them.</summary>
    public static IReadOnlyList<string> Of(CellKind cell) => cell switch
    {
        CellKind.Lstm => [Forget, Input, Candidate, Cell, Output, Hidden],
        CellKind.Gru => [Reset, Update, NewState, Hidden],
        CellKind.Rnn => [Hidden],
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, null),
    };

    /// <summary>
    /// The gate block (0 ≤ block &lt; G) that holds <paramref name="name"/> in a row of gate activations, or -1 for
    /// a state (C, h) that lives in the layer's Cells or Hiddens buffer.
    /// </summary>
    public static int GateBlock(CellKind cell, string name) => (cell, name) switch
    {
        (CellKind.Lstm, Input) => LstmCell<float>.InputGate,
        (CellKind.Lstm, Forget) => LstmCell<float>.ForgetGate,
        (CellKind.Lstm, Candidate) => LstmCell<float>.Candidate,
        (CellKind.Lstm, Output) => LstmCell<float>.OutputGate,
        (CellKind.Gru, Reset) => GruCell<float>.ResetGate,
        (CellKind.Gru, Update) => GruCell<float>.UpdateGate,
        (CellKind.Gru, NewState) => GruCell<float>.Candidate,
        _ => -1,
    };

    /// <summary>Whether the quantity is a σ gate, in (0, 1); the others (tanh values and states) lie in (-1, 1) but C.</summary>
    public static bool IsSigmoidGate(string name) => name is Forget or Input or Output or Reset or Update;

    /// <summary>A few words for a legend: "forget gate", "candidate memory"...</summary>
    public static string Describe(string name) => name switch
    {
        Forget => "forget gate",
        Input => "input gate",
        Candidate => "candidate memory",
        Cell => "cell state",
        Output => "output gate",
        Hidden => "hidden state",
        Reset => "reset gate",
        Update => "update gate",
        NewState => "candidate state",
        _ => name,
    };
}

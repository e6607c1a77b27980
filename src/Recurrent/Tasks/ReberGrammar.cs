// The Reber grammar (Reber 1967), as used by Fahlman, Smith & Zipser, and Hochreiter & Schmidhuber (1997,
// experiment 1): a six-node automaton whose every node has two outgoing symbols, each taken with probability 1/2.
//
//   B → node 0;  0: T→1, P→2;  1: S→1, X→3;  2: T→2, V→4;  3: X→2, S→5;  4: P→3, V→5;  5: E
//
// The embedded Reber grammar wraps a Reber string: B, then T or P, the Reber string, the same T or P again, E.
// The symbol before the final E repeats the second symbol, across the whole inner string.
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>Draws and checks Reber and embedded Reber strings.</summary>
public static class ReberGrammar
{
    /// <summary>The alphabet, in index order.</summary>
    public const string Alphabet = "BTPSXVE";

    /// <summary>The index of B, the symbol that begins every string.</summary>
    public const int B = 0;

    /// <summary>The index of T: node 0 to 1 or node 2 to itself; in the embedded grammar, one of the two wrapping symbols.</summary>
    public const int T = 1;

    /// <summary>The index of P: node 0 to 2 or node 4 to 3; in the embedded grammar, the other wrapping symbol.</summary>
    public const int P = 2;

    /// <summary>The index of S: node 1 to itself or node 3 to 5.</summary>
    public const int S = 3;

    /// <summary>The index of X: node 1 to 3 or node 3 to 2.</summary>
    public const int X = 4;

    /// <summary>The index of V: node 2 to 4 or node 4 to 5.</summary>
    public const int V = 5;

    /// <summary>The index of E, the symbol that ends every string.</summary>
    public const int E = 6;

    // Per node, the two (symbol, next node) choices; node 5 ends the string with E.
    private static readonly (int Symbol, int Next)[][] Edges =
    [
        [(T, 1), (P, 2)],
        [(S, 1), (X, 3)],
        [(T, 2), (V, 4)],
        [(X, 2), (S, 5)],
        [(P, 3), (V, 5)],
    ];

    private const int Final = 5;

    /// <summary>Appends a Reber string (B ... E) to <paramref name="symbols"/>.</summary>
    public static void DrawReber(Rng rng, List<int> symbols)
    {
        symbols.Add(B);
        for (int node = 0; node != Final;)
        {
            var (symbol, next) = Edges[node][rng.NextInt(2)];
            symbols.Add(symbol);
            node = next;
        }
        symbols.Add(E);
    }

    /// <summary>Appends an embedded Reber string (B, T|P, Reber string, the same T|P, E) to <paramref name="symbols"/>.</summary>
    public static void DrawEmbedded(Rng rng, List<int> symbols)
    {
        int branch = rng.NextInt(2) == 0 ? T : P;
        symbols.Add(B);
        symbols.Add(branch);
        DrawReber(rng, symbols);
        symbols.Add(branch);
        symbols.Add(E);
    }

    /// <summary>Whether <paramref name="symbols"/> is a Reber string.</summary>
    public static bool IsReber(ReadOnlySpan<int> symbols)
    {
        if (symbols.Length < 2 || symbols[0] != B || symbols[^1] != E)
            return false;
        int node = 0;
        foreach (int symbol in symbols[1..^1])
        {
            if (node == Final)
                return false;
            int found = Array.FindIndex(Edges[node], edge => edge.Symbol == symbol);
            if (found < 0)
                return false;
            node = Edges[node][found].Next;
        }
        return node == Final;
    }

    /// <summary>Whether <paramref name="symbols"/> is an embedded Reber string.</summary>
    public static bool IsEmbedded(ReadOnlySpan<int> symbols) =>
        symbols.Length >= 4 && symbols[0] == B && symbols[1] is T or P && symbols[^2] == symbols[1] && symbols[^1] == E
        && IsReber(symbols[2..^2]);

    /// <summary>The string as letters, e.g. "BTBTXSETE".</summary>
    public static string Format(ReadOnlySpan<int> symbols)
    {
        var letters = new char[symbols.Length];
        for (int k = 0; k < symbols.Length; k++)
            letters[k] = Alphabet[symbols[k]];
        return new string(letters);
    }
}

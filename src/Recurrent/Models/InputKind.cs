// How the first layer receives its input. One-hot tokens are looked up (a column gather of W_ih);
// embedded tokens go through a learned table (nn.Embedding) and then a dense product; dense inputs
// (real-valued vectors, e.g. time series) go through the product directly.
namespace Recurrent.Models;

/// <summary>The form of a model's input at each step.</summary>
public enum InputKind
{
    /// <summary>An integer token per step, read as a one-hot vector of InputSize.</summary>
    OneHot,
    /// <summary>A real-valued vector of InputSize per step.</summary>
    Dense,
    /// <summary>An integer token per step, looked up in a learned (InputSize × EmbeddingSize) table, embed.weight.</summary>
    Embedding,
}

// How the first layer receives its input. One-hot tokens are looked up (a column gather);
// dense inputs (real-valued vectors, e.g. time series) go through a full product.
namespace Recurrent.Models;

/// <summary>The form of a model's input at each step.</summary>
public enum InputKind
{
    /// <summary>An integer token per step, read as a one-hot vector of InputSize.</summary>
    OneHot,
    /// <summary>A real-valued vector of InputSize per step.</summary>
    Dense,
}

// Which steps of the top layer's output a model's head reads: every step (a language model predicts the next
// character at each one; a per-step regression) or only the last (one prediction per sequence: a classifier, a
// forecaster of what follows the window).
namespace Recurrent.Models;

/// <summary>The steps a model's head reads (see <see cref="ModelSpec.Readout"/>).</summary>
public enum Readout
{
    /// <summary>h(t) of every step, T·B output rows (row t·B + b): torch's head applied to the whole output sequence.</summary>
    EveryStep,
    /// <summary>
    /// h(T-1) of the last step only, B output rows (row b): torch's head applied to out[-1]; or, with
    /// <see cref="ModelSpec.ReadoutSteps"/> N above 1, the last N steps' N·B rows: out[-N:].
    /// </summary>
    LastStep,
}

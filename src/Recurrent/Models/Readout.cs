// Which steps of the top layer's output a model's head reads: every step (a language model predicts the next
// character at each one; a per-step regression), the last (one prediction per sequence: a forecaster of what follows
// the window), or a summary of the whole sequence, as a classifier reads it: each direction's final state, or the
// mean or the maximum of the outputs over the sequence's valid steps.
namespace Recurrent.Models;

/// <summary>The steps a model's head reads (see <see cref="ModelSpec.Readout"/>).</summary>
public enum Readout
{
    /// <summary>h(t) of every step, T·B output rows (row t·B + b): torch's head applied to the whole output sequence.</summary>
    EveryStep,
    /// <summary>
    /// h(T-1) of the last step only, B output rows (row b): torch's head applied to out[-1]; or, with
    /// <see cref="ModelSpec.ReadoutSteps"/> N above 1, the last N steps' N·B rows: out[-N:]. With sequence lengths,
    /// each sequence's own last step(s).
    /// </summary>
    LastStep,
    /// <summary>
    /// The top layer's final state of each direction, B rows: the forward direction's h after the sequence's last valid
    /// step and, when bidirectional, the reverse direction's h after step 0, [h_forward(L − 1); h_reverse(0)] (torch:
    /// cat(h_n[-2], h_n[-1])). For one direction, the same as <see cref="LastStep"/>.
    /// </summary>
    FinalStates,
    /// <summary>The mean of the top layer's outputs over each sequence's valid steps, B rows (torch: out.sum(0) / lengths, padding 0).</summary>
    MeanOverSteps,
    /// <summary>
    /// The element-wise maximum of the top layer's outputs over each sequence's valid steps, B rows (torch:
    /// out.masked_fill(padding, −inf).max(0)); the gradient goes to the step that gave each maximum (the first on ties).
    /// </summary>
    MaxOverSteps,
}

// The notes' worked example (the library's NotesExample) and the values it must give, written out from the notes:
// reading 'h' from a zero state gives f = [0.8, 0.3], i = [0.5, 0.7], C~ = [0.2, -0.1], o = [0.9, 0.6], so
// C = [0.1, -0.07] and h = [0.9·tanh 0.1, 0.6·tanh -0.07] ≈ [0.0897, -0.0419].
using Recurrent.Diagnostics;
using Recurrent.Models;

namespace Recurrent.Tests.Diagnostics;

internal static class WorkedExampleModel
{
    public static readonly double[] F = [0.8, 0.3], I = [0.5, 0.7], Candidate = [0.2, -0.1], O = [0.9, 0.6];
    public static readonly double[] C = [0.1, -0.07];
    public static readonly double[] H = [0.9 * Math.Tanh(0.1), 0.6 * Math.Tanh(-0.07)];

    public static ModelBundle Create() => NotesExample.Create();
}

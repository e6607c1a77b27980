// The zoneout options of every training verb. Zoneout is part of the model (evaluation takes its expectation, so
// the model file keeps it), so these sit with each verb's model options and, like them, are fixed on resume.
using System.CommandLine;
using System.Globalization;
using Recurrent.Models;

namespace Recurrent.Cli;

internal sealed class ZoneoutFlags
{
    public Option<double> Hidden { get; } = new("--zoneout-hidden")
    {
        Description = "Zoneout of h: each unit keeps its previous h at a training step with this probability (the expectation at evaluation), in [0, 1); 0 = none",
        DefaultValueFactory = _ => 0,
    };

    public Option<double> Cell { get; } = new("--zoneout-cell")
    {
        Description = "Zoneout of the LSTM's cell state C, as --zoneout-hidden, in [0, 1) (Krueger et al.: 0.5 with 0.05 for h); 0 = none",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>", zoneout h P, zoneout C P" for the model line a training verb prints, each part only when set.</summary>
    public static string Describe(double hidden, double cell) =>
        (hidden > 0 ? string.Create(CultureInfo.InvariantCulture, $", zoneout h {hidden}") : "")
        + (cell > 0 ? string.Create(CultureInfo.InvariantCulture, $", zoneout C {cell}") : "");

    /// <summary>Both options, in help order.</summary>
    public Option[] All => [Hidden, Cell];

    /// <summary>z_h and z_c as given, checked: each in [0, 1), and C's only for an LSTM.</summary>
    /// <exception cref="UsageException">A value is out of range, or --zoneout-cell is given for a cell without C.</exception>
    public (double Hidden, double Cell) Read(ParseResult parsed, CellKind cell)
    {
        double hidden = OptionChecks.InRange("--zoneout-hidden", parsed.GetValue(Hidden), 0, 1, maximumIncluded: false);
        double c = OptionChecks.InRange("--zoneout-cell", parsed.GetValue(Cell), 0, 1, maximumIncluded: false);
        if (c > 0 && cell != CellKind.Lstm)
            throw new UsageException($"--zoneout-cell applies to --cell lstm only (a {cell.ToName()} has no cell state).");
        return (hidden, c);
    }
}

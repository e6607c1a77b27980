// Which columns of a CSV file play which part in a forecast: what is predicted (targets), when (time), what else is
// known (covariates: known in advance; past covariates: known only up to now), which of those are labels rather than
// numbers (categorical), which series a row belongs to, and how missing values are filled. A plain description:
// SeriesTable checks it against the file (names that exist, one role a column) when it reads one.
namespace Recurrent.Forecasting;

/// <summary>The roles of a series file's columns.</summary>
/// <param name="Targets">The columns to forecast (at least one), K of them.</param>
public sealed record SeriesColumns(IReadOnlyList<string> Targets)
{
    /// <summary>
    /// The time: no column (row order); one column (a date "yyyy-MM-dd", a timestamp "yyyy-MM-dd HH:mm[:ss[.fff]]" or
    /// "yyyy-MM-ddTHH:mm[:ss]", a month "yyyy-MM", or a whole number); or year, month, day[, hour[, minute[, second]]]
    /// columns, in that order.
    /// </summary>
    public IReadOnlyList<string> Time { get; init; } = [];

    /// <summary>Covariates known in advance: their future values come in trailing rows whose targets are empty.</summary>
    public IReadOnlyList<string> Covariates { get; init; } = [];

    /// <summary>Covariates known only up to now: read in the observed rows only.</summary>
    public IReadOnlyList<string> PastCovariates { get; init; } = [];

    /// <summary>Those of <see cref="Covariates"/> and <see cref="PastCovariates"/> read as labels, not numbers.</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];

    /// <summary>The column that says which series a row belongs to (many series in one file); null for one series.</summary>
    public string? Series { get; init; }

    /// <summary>How missing rows and empty cells among the observed rows are filled; <see cref="GapFill.None"/> refuses them.</summary>
    public GapFill Fill { get; init; } = GapFill.None;
}

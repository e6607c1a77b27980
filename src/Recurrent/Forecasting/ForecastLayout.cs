// What one input row of a forecaster holds, and how a CSV's columns become it: the same layout in training,
// evaluation and prediction, saved in the model file (metadata "forecast", JSON). The step of time u reads
//   [targets at u − 1 (K)] [1: they are observed] [past covariates at u − 1] [known covariates at u] [calendar of u]
//   [targets at u − l, for each lag l (K each)] [known covariates and calendar of u + 1 … u + N, with KnownAhead N]
// and its output is the targets at u. A window of a direct forecaster from origin t (the last observed step) runs
// over u = t − C + 2 … t + H: the first C steps read observed targets; in the H − 1 after them the targets and past
// covariates are unknown and read as zeros with the flag 0, while the known covariates, the calendar and the lags
// (at least H back) are read as they are; the head reads the last H steps. Categorical covariates are one-hot over
// the labels met in the training rows; a label met later reads as all zeros.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Models;

namespace Recurrent.Forecasting;

/// <summary>The columns a forecaster reads, their encodings, and its settings: everything needed to rebuild its inputs.</summary>
public sealed class ForecastLayout
{
    /// <summary>The model-file metadata key that holds the layout.</summary>
    public const string MetadataKey = "forecast";

    private readonly bool[] _unitScaled;

    /// <param name="columns">How the CSV is read: time, targets, covariates, series and fill.</param>
    /// <param name="settings">Context, horizon, mode, loss, calendar, lags and split.</param>
    /// <param name="levels">The labels of each categorical covariate, in one-hot order.</param>
    /// <exception cref="RecurrentException">The settings are out of range, or do not fit the columns.</exception>
    public ForecastLayout(SeriesColumns columns, ForecastSettings settings, IReadOnlyDictionary<string, IReadOnlyList<string>> levels)
    {
        Columns = columns;
        Settings = settings.Validated();
        if (settings.Mode == ForecastMode.Autoregressive && columns.PastCovariates.Count > 0)
            throw new RecurrentException(
                "An autoregressive forecast feeds its predictions back as the next step's targets, and has no values to feed back for past covariates; " +
                "forecast directly, or read them as covariates known in advance.", "pastCovariates");
        foreach (string name in columns.Categorical)
            if (!levels.TryGetValue(name, out var labels) || labels.Count == 0)
                throw new RecurrentException($"The categorical covariate '{name}' has no label in the training rows.", "covariates");
        Levels = levels.Where(pair => columns.Categorical.Contains(pair.Key))
            .ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)[.. pair.Value]);
        int k = TargetCount;
        PastStart = k + 1;
        KnownStart = PastStart + columns.PastCovariates.Sum(WidthOf);
        CalendarStart = KnownStart + columns.Covariates.Sum(WidthOf);
        LagStart = CalendarStart + settings.Calendar.Sum(Calendar.Width);
        long width = (long)LagStart + (long)settings.Lags.Count * k + (long)settings.KnownAhead * (LagStart - KnownStart);
        if (width > 1 << 20)
            throw new RecurrentException($"A step would read {width:N0} values; fewer lags, steps ahead or covariate labels, please.", "lags", "knownAhead");
        AheadStart = LagStart + settings.Lags.Count * k;
        FeatureCount = (int)width;
        _unitScaled = new bool[FeatureCount];
        _unitScaled[k] = true; // the observed flag
        Mark(columns.PastCovariates, PastStart);
        Mark(columns.Covariates, KnownStart);
        _unitScaled.AsSpan(CalendarStart, LagStart - CalendarStart).Fill(true); // one-hot or sin/cos: already on a unit scale
        for (int ahead = 0; ahead < settings.KnownAhead; ahead++)
            for (int f = KnownStart; f < LagStart; f++)
                _unitScaled[AheadStart + ahead * (LagStart - KnownStart) + f - KnownStart] = _unitScaled[f];
    }

    /// <summary>How the CSV is read.</summary>
    public SeriesColumns Columns { get; }

    /// <summary>Context, horizon, mode, loss, calendar, lags and split.</summary>
    public ForecastSettings Settings { get; }

    /// <summary>The labels of each categorical covariate, in one-hot order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Levels { get; }

    /// <summary>K, the targets forecast together.</summary>
    public int TargetCount => Columns.Targets.Count;

    /// <summary>F, the values of one input row.</summary>
    public int FeatureCount { get; }

    /// <summary>Where the observed flag, then the past covariates, the known covariates, the calendar and the lags start in a row.</summary>
    public int FlagIndex => TargetCount;

    /// <inheritdoc cref="FlagIndex"/>
    public int PastStart { get; }

    /// <inheritdoc cref="FlagIndex"/>
    public int KnownStart { get; }

    /// <inheritdoc cref="FlagIndex"/>
    public int CalendarStart { get; }

    /// <inheritdoc cref="FlagIndex"/>
    public int LagStart { get; }

    /// <summary>Where the known covariates and calendar of the next steps start (<see cref="ForecastSettings.KnownAhead"/>), each step's block as at <see cref="KnownStart"/>.</summary>
    public int AheadStart { get; }

    /// <summary>Whether input value f is a flag, one-hot or calendar value, which standardisation leaves as it is.</summary>
    public bool IsUnitScaled(int feature) => _unitScaled[feature];

    /// <summary>Q, the values forecast per step and target.</summary>
    public int ValuesPerTarget => Settings.ValuesPerTarget;

    /// <summary>The head's outputs per step: K·Q (value k·Q + q).</summary>
    public int OutputSize => TargetCount * ValuesPerTarget;

    /// <summary>The width of a covariate in a row: 1, or its labels for a categorical one.</summary>
    public int WidthOf(string column) => Levels.TryGetValue(column, out var labels) ? labels.Count : 1;

    /// <summary>
    /// The model this layout feeds: dense inputs of F values; a regression head of K·Q values on the last H steps
    /// (direct) or at every step (autoregressive), trained with the settings' loss.
    /// </summary>
    public ModelSpec ModelSpec(CellKind cell, int hidden, int layers, double dropout = 0) =>
        new ModelSpec(cell, InputKind.Dense, FeatureCount, hidden, layers, OutputSize)
        {
            Dropout = dropout,
            Head = HeadKind.Regression,
            Readout = Settings.Mode == ForecastMode.Direct ? Readout.LastStep : Readout.EveryStep,
            ReadoutSteps = Settings.Mode == ForecastMode.Direct ? Settings.Horizon : 1,
            Loss = Settings.Loss,
            Quantiles = Settings.Quantiles.Count > 0 ? [.. Settings.Quantiles] : [],
        }.Validated();

    /// <summary>Whether <paramref name="spec"/> is the model this layout feeds (any cell, sizes, dropout and zoneout).</summary>
    public bool Fits(ModelSpec spec) =>
        spec.Equals(ModelSpec(spec.Cell, spec.Hidden, spec.Layers, spec.Dropout) with { ZoneoutHidden = spec.ZoneoutHidden, ZoneoutCell = spec.ZoneoutCell });

    private void Mark(IReadOnlyList<string> names, int at)
    {
        foreach (string name in names)
        {
            int width = WidthOf(name);
            if (Levels.ContainsKey(name))
                _unitScaled.AsSpan(at, width).Fill(true);
            at += width;
        }
    }

    /// <summary>The layout as JSON, for the model file.</summary>
    public string ToJson()
    {
        var s = Settings;
        var json = new JsonObject
        {
            ["time"] = Strings(Columns.Time),
            ["targets"] = Strings(Columns.Targets),
            ["covariates"] = Strings(Columns.Covariates),
            ["past_covariates"] = Strings(Columns.PastCovariates),
            ["categorical"] = Strings(Columns.Categorical),
            ["series"] = Columns.Series,
            ["fill"] = GapFills.NameOf(Columns.Fill),
            ["levels"] = new JsonObject(Levels.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)Strings(pair.Value)))),
            ["context"] = s.Context,
            ["horizon"] = s.Horizon,
            ["mode"] = s.Mode == ForecastMode.Direct ? "direct" : "autoregressive",
            ["quantiles"] = new JsonArray([.. s.Quantiles.Select(q => (JsonNode?)JsonValue.Create(q))]),
            ["point_loss"] = s.PointLoss == RegressionLoss.MeanAbsoluteError ? "mae" : "mse",
            ["calendar"] = Strings(s.Calendar.Select(Calendar.NameOf)),
            ["lags"] = new JsonArray([.. s.Lags.Select(l => (JsonNode?)JsonValue.Create(l))]),
            ["level"] = s.Level.ToString().ToLowerInvariant(),
            ["known_ahead"] = s.KnownAhead,
            ["val_fraction"] = s.ValidationFraction,
            ["test_fraction"] = s.TestFraction,
        };
        return json.ToJsonString();
    }

    /// <summary>The layout saved by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not such a layout; the message says what is wrong.</exception>
    public static ForecastLayout FromJson(string text)
    {
        try
        {
            var json = JsonNode.Parse(text)!.AsObject();
            var columns = new SeriesColumns(ReadStrings(json["targets"]))
            {
                Time = ReadStrings(json["time"]),
                Covariates = ReadStrings(json["covariates"]),
                PastCovariates = ReadStrings(json["past_covariates"]),
                Categorical = ReadStrings(json["categorical"]),
                Series = json["series"]?.GetValue<string>(),
                Fill = GapFills.Parse(json["fill"]!.GetValue<string>()),
            };
            var settings = new ForecastSettings
            {
                Context = json["context"]!.GetValue<int>(),
                Horizon = json["horizon"]!.GetValue<int>(),
                Mode = json["mode"]!.GetValue<string>() switch
                {
                    "direct" => ForecastMode.Direct,
                    "autoregressive" => ForecastMode.Autoregressive,
                    var other => throw new FormatException($"unknown mode \"{other}\""),
                },
                Quantiles = [.. json["quantiles"]!.AsArray().Select(q => q!.GetValue<double>())],
                PointLoss = json["point_loss"]!.GetValue<string>() switch
                {
                    "mse" => RegressionLoss.MeanSquaredError,
                    "mae" => RegressionLoss.MeanAbsoluteError,
                    var other => throw new FormatException($"unknown point loss \"{other}\""),
                },
                Calendar = [.. ReadStrings(json["calendar"]).Select(Calendar.Parse)],
                Lags = [.. json["lags"]!.AsArray().Select(l => l!.GetValue<int>())],
                Level = WindowLevels.Parse(json["level"]!.GetValue<string>()),
                KnownAhead = json["known_ahead"]!.GetValue<int>(),
                ValidationFraction = json["val_fraction"]!.GetValue<double>(),
                TestFraction = json["test_fraction"]!.GetValue<double>(),
            };
            var levels = json["levels"]!.AsObject().ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)ReadStrings(pair.Value));
            return new ForecastLayout(columns, settings, levels);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or RecurrentException
                                      or ArgumentException or FormatException)
        {
            throw new FormatException($"its forecast layout is damaged ({e.Message.TrimEnd('.')})", e);
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static List<string> ReadStrings(JsonNode? node) => [.. node!.AsArray().Select(v => v!.GetValue<string>())];
}

// A trained forecasting model at work: it rebuilds the inputs of any origin of a series exactly as training did (the
// layout and scalings saved in the model file, windows from ForecastWindow) and writes the forecasts in the data's
// units. Direct: one Forward over the window, the head's last H steps are the forecast. Autoregressive: a Forward
// over the context gives the first step; each next step reads the previous step's point forecast as its target and
// carries the state on. Quantiles that cross are put in order (their values sorted: a rearrangement that can only
// lower the pinball loss). Origins are forecast in batches, from the zero state each. An ensemble runs every member
// and averages their values before anything else.
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Forecasting;

/// <summary>Forecasts with a model trained on a <see cref="ForecastLayout"/>.</summary>
public sealed class Forecaster
{
    private const int Chunk = 64; // origins per Forward

    private readonly ModelBundle[] _members;

    /// <summary>The forecaster of <paramref name="model"/>, a bundle trained for forecasting (its metadata holds the layout).</summary>
    /// <exception cref="ModelKindException">The bundle holds another kind of model.</exception>
    /// <exception cref="CheckpointException">
    /// Its forecast layout is damaged or does not fit its network or scalings (a bidirectional network never fits one).
    /// </exception>
    public Forecaster(ModelBundle model, string source = "the model")
    {
        _members = [model];
        if (!IsForecastModel(model))
            throw new ModelKindException($"{source} is {model.Describe()}, not a forecasting model.", model);
        try
        {
            Layout = ForecastLayout.FromJson(model.Metadata[ForecastLayout.MetadataKey]);
        }
        catch (FormatException e)
        {
            throw new CheckpointException($"{source} is not a valid forecasting model: {e.Message}.", e);
        }
        if (!Layout.Fits(model.Spec) || model.InputScaling is null || model.TargetScaling is null
            || model.TargetScaling.Features != Layout.OutputSize)
            throw new CheckpointException($"{source} is not a valid forecasting model: its network or scalings do not fit its forecast layout.");
        Model = model;
        int q = Layout.ValuesPerTarget;
        TargetScaling = new FeatureScaling(
            [.. Enumerable.Range(0, Layout.TargetCount).Select(k => model.TargetScaling.Mean[k * q])],
            [.. Enumerable.Range(0, Layout.TargetCount).Select(k => model.TargetScaling.Scale[k * q])]);
    }

    /// <summary>
    /// An ensemble: the forecasters of <paramref name="models"/> (trained on the same data with the same layout, from
    /// other seeds or settings of the network), whose forecasts are averaged value by value, each quantile with its
    /// own (Vincentization, the usual way to pool quantile forecasts); seeds that differ by more than the gap between
    /// two methods make one run's figures a draw, and their mean a steadier forecast.
    /// </summary>
    /// <param name="models">The members, at least one.</param>
    /// <param name="sources">How messages name each member (its file).</param>
    /// <exception cref="ModelKindException">A bundle holds another kind of model.</exception>
    /// <exception cref="CheckpointException">A layout is damaged or does not fit its network.</exception>
    /// <exception cref="RecurrentException">The members read the data differently (another layout or scaling).</exception>
    /// <exception cref="ArgumentException">There is no model, or not one source per model.</exception>
    public Forecaster(IReadOnlyList<ModelBundle> models, IReadOnlyList<string> sources)
        : this(models.Count > 0 && models.Count == sources.Count ? models[0] : throw new ArgumentException("Give one source for each of at least one model.",
            nameof(sources)), sources[0])
    {
        for (int m = 1; m < models.Count; m++)
        {
            var member = new Forecaster(models[m], sources[m]);
            if (member.Layout.ToJson() != Layout.ToJson() || !Equals(member.Model.InputScaling, Model.InputScaling)
                || !Equals(member.Model.TargetScaling, Model.TargetScaling))
                throw new RecurrentException($"{sources[m]} reads its data otherwise than {sources[0]} (another layout or scaling): " +
                    "the models of an ensemble are trained on the same data with the same forecast settings.");
        }
        _members = [.. models];
    }

    /// <summary>The model (the first, for an ensemble), with its scalings and layout.</summary>
    public ModelBundle Model { get; }

    /// <summary>The models whose forecasts are averaged: one, or an ensemble's.</summary>
    public IReadOnlyList<ModelBundle> Members => _members;

    /// <summary>How the model reads a CSV and what it forecasts.</summary>
    public ForecastLayout Layout { get; }

    /// <summary>The standardisation of the K targets.</summary>
    public FeatureScaling TargetScaling { get; }

    /// <summary>Whether a bundle is a forecasting model (its metadata holds a forecast layout).</summary>
    public static bool IsForecastModel(ModelBundle model) => model.Metadata.ContainsKey(ForecastLayout.MetadataKey);

    /// <summary>The bundle of a network trained on <paramref name="data"/>: its scalings (each target's Q times, one per head value) and layout.</summary>
    public static ModelBundle Bundle(RecurrentModel<float> network, ForecastData data, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var layout = data.Layout;
        int q = layout.ValuesPerTarget;
        var facts = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [ForecastLayout.MetadataKey] = layout.ToJson() };
        return new ModelBundle(network)
        {
            InputScaling = data.InputScaling,
            TargetScaling = new FeatureScaling(
                [.. Enumerable.Range(0, layout.OutputSize).Select(o => data.TargetScaling.Mean[o / q])],
                [.. Enumerable.Range(0, layout.OutputSize).Select(o => data.TargetScaling.Scale[o / q])]),
            Metadata = facts,
        }.Validated();
    }

    /// <summary>The series of <paramref name="table"/> prepared with this model's layout and scalings.</summary>
    /// <exception cref="RecurrentException">A series is too short, or the table does not fit the layout.</exception>
    public ForecastData Prepare(SeriesTable table) => ForecastData.Prepare(Layout, table, Model.InputScaling, TargetScaling);

    /// <summary>The forecasts from each of <paramref name="origins"/> (series index, last observed row), in order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An origin has too little history before it, or its window runs past the series' rows.</exception>
    public IReadOnlyList<Forecast> Forecast(ForecastData data, IReadOnlyList<(int Series, int Origin)> origins)
    {
        var settings = Layout.Settings;
        foreach (var (s, t) in origins)
        {
            var series = data.Series[s];
            if (t < data.FirstOrigin(series) || t >= series.Observed || t + settings.Horizon >= series.Rows)
                throw new ArgumentOutOfRangeException(nameof(origins), $"Origin {t} of series {s} has no full window (its rows are [0, {series.Rows})).");
        }
        var forecasts = new List<Forecast>(origins.Count);
        int chunk = Math.Min(Chunk, Math.Max(1, origins.Count));
        var level = new double[chunk * Layout.TargetCount];
        var values = new double[chunk * settings.Horizon * Layout.OutputSize]; // standardised, relative to the level
        var sum = new double[values.Length];
        for (int start = 0; start < origins.Count; start += chunk)
        {
            int count = Math.Min(chunk, origins.Count - start);
            Array.Clear(sum);
            foreach (var member in _members)
            {
                var network = member.Network;
                var ws = network.CreateWorkspace(settings.WindowSteps, count, forBackward: false);
                var state = network.CreateState(count);
                for (int b = 0; b < count; b++)
                {
                    var (s, t) = origins[start + b];
                    ForecastWindow.WriteInputs<float>(Layout, data.Series[s], t, b, count, ws.Inputs, level.AsSpan(b * Layout.TargetCount, Layout.TargetCount));
                }
                if (settings.Mode == ForecastMode.Direct)
                    ReadDirect(network, ws, state, count, values);
                else
                    RunAutoregressive(network, data, origins, start, ws, state, count, level, values);
                for (int i = 0; i < sum.Length; i++)
                    sum[i] += values[i];
            }
            for (int i = 0; i < sum.Length; i++)
                values[i] = sum[i] / _members.Length;
            for (int b = 0; b < count; b++)
                forecasts.Add(ToForecast(data, origins[start + b], values.AsSpan(b * settings.Horizon * Layout.OutputSize, settings.Horizon * Layout.OutputSize),
                    level.AsSpan(b * Layout.TargetCount, Layout.TargetCount)));
        }
        return forecasts;
    }

    /// <summary>
    /// The windows an interval may be calibrated on: every origin from the last training row on whose whole horizon
    /// is observed, in every series, most recent first (by the origin's time).
    /// </summary>
    public IReadOnlyList<(int Series, int Origin)> CalibrationOrigins(ForecastData data)
    {
        var origins = new List<(int Series, int Origin)>();
        for (int s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            for (int t = Math.Max(data.FirstOrigin(series), series.TrainEnd - 1); t + Layout.Settings.Horizon < series.Observed; t++)
                origins.Add((s, t));
        }
        return [.. origins.OrderByDescending(o => data.Series[o.Series].Data.Times[o.Origin]).ThenBy(o => o.Series)];
    }

    /// <summary>M, the windows a calibration reads: as many as the validation part holds (at least one).</summary>
    public static int CalibrationSize(ForecastData data) => Math.Max(1, data.Origins(ForecastPart.Validation).Count);

    /// <summary>
    /// The conformal calibration of the interval (see <see cref="IntervalCalibration"/>), measured on the latest
    /// <see cref="CalibrationSize"/> windows of <paramref name="data"/> whose horizon is observed (the validation
    /// windows, and the test windows after them: the most recent errors say most about the next ones); null for point
    /// forecasts, a single quantile, or data without such windows.
    /// </summary>
    public IntervalCalibration? Calibrate(ForecastData data)
    {
        if (Layout.ValuesPerTarget < 2)
            return null;
        var origins = CalibrationOrigins(data).Take(CalibrationSize(data)).ToList();
        return origins.Count == 0 ? null : IntervalCalibration.Measure(data, Forecast(data, origins));
    }

    /// <summary>
    /// The forecast after the last observed row of every series: what a user asks for the future; its interval
    /// calibrated on the data's validation windows when there are any (<see cref="Calibrate"/>).
    /// </summary>
    /// <exception cref="RecurrentException">A series lacks the known covariates of the steps to forecast.</exception>
    public IReadOnlyList<Forecast> ForecastNext(ForecastData data)
    {
        var origins = new List<(int, int)>();
        for (int s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            if (series.Observed - 1 + Layout.Settings.Horizon >= series.Rows)
                throw new RecurrentException(
                    $"{(series.Data.Id.Length > 0 ? $"Series '{series.Data.Id}'" : "The series")} gives its known covariates for {series.Data.Future} row(s) " +
                    $"after the last observed one; forecasting {Layout.Settings.Horizon} steps needs them for " +
                    $"{Layout.Settings.Horizon + Layout.Settings.KnownAhead} (rows whose targets are empty).", "covariates", "horizon");
            origins.Add((s, series.Observed - 1));
        }
        var forecasts = Forecast(data, origins);
        return Calibrate(data) is { } calibration ? [.. forecasts.Select(calibration.Apply)] : forecasts;
    }

    private void ReadDirect(RecurrentModel<float> network, ModelWorkspace<float> ws, RecurrentState<float> state, int count, double[] values)
    {
        int horizon = Layout.Settings.Horizon, outputs = Layout.OutputSize;
        network.Forward(ws, Layout.Settings.WindowSteps, state);
        for (int b = 0; b < count; b++)
            for (int h = 0; h < horizon; h++)
            {
                ReadOnlySpan<float> row = ws.OutputOf(h * count + b);
                for (int o = 0; o < outputs; o++)
                    values[(b * horizon + h) * outputs + o] = row[o];
            }
    }

    private void RunAutoregressive(RecurrentModel<float> network, ForecastData data, IReadOnlyList<(int Series, int Origin)> origins, int start,
        ModelWorkspace<float> ws, RecurrentState<float> state, int count, double[] level, double[] values)
    {
        var settings = Layout.Settings;
        int horizon = settings.Horizon, outputs = Layout.OutputSize, width = Layout.FeatureCount, k = Layout.TargetCount, q = Layout.ValuesPerTarget;
        int median = settings.MedianIndex;
        network.Forward(ws, settings.Context, state);
        ws.CopyFinalState(state);
        int lastRow = (settings.Context - 1) * count;
        for (int h = 0; h < horizon; h++)
        {
            for (int b = 0; b < count; b++)
            {
                ReadOnlySpan<float> row = ws.OutputOf((h == 0 ? lastRow : 0) + b);
                for (int o = 0; o < outputs; o++)
                    values[(b * horizon + h) * outputs + o] = row[o];
            }
            if (h == horizon - 1)
                break;
            for (int b = 0; b < count; b++)
            {
                // Row u = t + h + 2 reads the point forecast of t + h + 1 as its target, relative to the level as the model wrote it.
                var (s, t) = origins[start + b];
                int u = t + h + 2;
                Span<float> input = ws.Inputs.AsSpan(b * width, width);
                ReadOnlySpan<double> features = data.Series[s].Features.AsSpan(u * width, width);
                for (int f = 0; f < width; f++)
                    input[f] = (float)features[f];
                for (int target = 0; target < k; target++)
                    input[target] = (float)values[(b * horizon + h) * outputs + target * q + median];
                input[Layout.FlagIndex] = 1;
                for (int lag = 0; lag < settings.Lags.Count; lag++)
                    for (int target = 0; target < k; target++)
                        input[Layout.LagStart + lag * k + target] -= (float)level[b * k + target];
            }
            network.Forward(ws, 1, state);
            ws.CopyFinalState(state);
        }
    }

    private Forecast ToForecast(ForecastData data, (int Series, int Origin) at, Span<double> values, ReadOnlySpan<double> level)
    {
        var series = data.Series[at.Series];
        int horizon = Layout.Settings.Horizon, k = Layout.TargetCount, q = Layout.ValuesPerTarget;
        for (int h = 0; h < horizon; h++)
            for (int target = 0; target < k; target++)
            {
                Span<double> quantiles = values.Slice((h * k + target) * q, q);
                for (int i = 0; i < q; i++)
                    quantiles[i] = TargetScaling.Invert(quantiles[i] + level[target], target);
                quantiles.Sort();
            }
        var times = new long[horizon];
        for (int h = 0; h < horizon; h++)
            times[h] = SeriesFeatures.TimeOf(series.Data, data.Table.Axis, at.Origin + 1 + h);
        return new Forecast(series.Data.Id, at.Origin, times, values.ToArray(), k, Layout.Settings.Quantiles, Layout.Settings.MedianIndex);
    }
}

// Standardisation of real-valued features, as scikit-learn's StandardScaler and Keras's Normalization layer do it:
// x' = (x − mean) / scale per feature, with the mean and the (population) standard deviation of the training data,
// and a scale of 1 for a constant feature. A model that reads dense inputs or predicts values keeps its scaling in
// its model file, so prediction scales new data exactly as training did and maps predictions back to data units.
namespace Recurrent.Data;

/// <summary>Per-feature mean and scale: <c>Apply(x) = (x − Mean) / Scale</c>, <c>Invert(y) = y · Scale + Mean</c>.</summary>
public sealed record FeatureScaling
{
    /// <exception cref="ArgumentException">The lists differ in length or are empty, a value is not finite, or a scale is not positive.</exception>
    public FeatureScaling(IReadOnlyList<double> mean, IReadOnlyList<double> scale)
    {
        if (mean.Count == 0 || mean.Count != scale.Count)
            throw new ArgumentException("A scaling needs one mean and one scale per feature, for at least one feature.", nameof(scale));
        if (!mean.All(double.IsFinite) || !scale.All(s => double.IsFinite(s) && s > 0))
            throw new ArgumentException("Every mean must be a finite number and every scale a finite positive number.", nameof(scale));
        Mean = mean.ToArray();
        Scale = scale.ToArray();
    }

    /// <summary>The mean of each feature.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The scale of each feature (its standard deviation; 1 for a constant feature).</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>The number of features.</summary>
    public int Features => Mean.Count;

    /// <summary>
    /// The scaling that standardises <paramref name="rows"/>: rows of <paramref name="features"/> values back to back
    /// (row r, feature f at r·features + f).
    /// </summary>
    /// <exception cref="ArgumentException">There is no row, the length is not a whole number of rows, or a value is not finite.</exception>
    public static FeatureScaling Fit(ReadOnlySpan<double> rows, int features)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (rows.IsEmpty || rows.Length % features != 0)
            throw new ArgumentException($"Expected whole rows of {features} value(s), at least one.", nameof(rows));
        int count = rows.Length / features;
        var mean = new double[features];
        var scale = new double[features];
        for (int f = 0; f < features; f++)
        {
            double sum = 0;
            for (int r = 0; r < count; r++)
            {
                double value = rows[r * features + f];
                if (!double.IsFinite(value))
                    throw new ArgumentException($"Row {r}, feature {f} is {value}, not a finite number.", nameof(rows));
                sum += value;
            }
            mean[f] = sum / count;
            double squares = 0;
            for (int r = 0; r < count; r++)
            {
                double deviation = rows[r * features + f] - mean[f];
                squares += deviation * deviation;
            }
            double deviationOfFeature = Math.Sqrt(squares / count);
            scale[f] = deviationOfFeature > 0 ? deviationOfFeature : 1;
        }
        return new FeatureScaling(mean, scale);
    }

    /// <summary>(x − mean) / scale of feature <paramref name="feature"/>.</summary>
    public double Apply(double value, int feature) => (value - Mean[feature]) / Scale[feature];

    /// <summary>y · scale + mean of feature <paramref name="feature"/>: a scaled value back in the data's units.</summary>
    public double Invert(double value, int feature) => value * Scale[feature] + Mean[feature];

    /// <summary>Whether two scalings have the same values.</summary>
    public bool Equals(FeatureScaling? other) =>
        other is not null && Mean.SequenceEqual(other.Mean) && Scale.SequenceEqual(other.Scale);

    /// <summary>A hash of F and the first feature's mean and scale, consistent with <see cref="Equals(FeatureScaling?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Features, Mean[0], Scale[0]);
}

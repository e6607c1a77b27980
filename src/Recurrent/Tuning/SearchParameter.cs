// One dimension of a hyperparameter search: the name of a training option and how its values are drawn, written as
// NAME=SPEC: "lr=log:1e-4..1e-2" (log-uniform), "dropout=uniform:0..0.5", "hidden=int:64..512" (uniform integers),
// "hidden=intlog:64..1024" (log-uniform integers), "cell=choice:lstm,gru", or a plain "clip=1" (fixed). A drawn value
// is the text the option takes on the command line, with numbers in their shortest round-trip form.
using System.Globalization;
using Recurrent.Numerics;

namespace Recurrent.Tuning;

/// <summary>A searched option and its distribution.</summary>
public sealed record SearchParameter(string Name, SearchDistribution Distribution, double Low, double High, IReadOnlyList<string> Choices)
{
    /// <summary>Parses NAME=SPEC (see the file's header).</summary>
    /// <exception cref="RecurrentException">The text is not NAME=SPEC, or a range is empty, inverted or not positive for a log scale.</exception>
    public static SearchParameter Parse(string text)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string name = equals > 0 ? text[..equals].Trim().TrimStart('-') : "";
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
            throw Error(text, "it must be NAME=SPEC, with NAME an option's name (as lr or weight-decay)");
        string spec = text[(equals + 1)..].Trim();
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        string kind = colon > 0 ? spec[..colon] : "", body = colon > 0 ? spec[(colon + 1)..] : spec;
        switch (kind)
        {
            case "choice":
                string[] choices = [.. body.Split(',').Select(c => c.Trim())];
                if (choices.Any(c => c.Length == 0))
                    throw Error(text, "a choice is empty");
                return new(name, SearchDistribution.Choice, 0, 0, choices);
            case "uniform" or "log" or "int" or "intlog":
                string[] ends = body.Split("..");
                if (ends.Length != 2 || !double.TryParse(ends[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double low)
                    || !double.TryParse(ends[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double high)
                    || !double.IsFinite(low) || !double.IsFinite(high) || !(low < high))
                    throw Error(text, $"a {kind} range is LOW..HIGH with LOW below HIGH");
                if (kind is "log" or "intlog" && !(low > 0))
                    throw Error(text, "a log range must be above 0");
                if (kind is "int" or "intlog" && (low != Math.Floor(low) || high != Math.Floor(high)))
                    throw Error(text, "an integer range has integer ends");
                var distribution = kind switch
                {
                    "uniform" => SearchDistribution.Uniform,
                    "log" => SearchDistribution.LogUniform,
                    "int" => SearchDistribution.Integer,
                    _ => SearchDistribution.LogInteger,
                };
                return new(name, distribution, low, high, []);
            case "":
                if (spec.Length == 0)
                    throw Error(text, "the value is empty");
                return new(name, SearchDistribution.Choice, 0, 0, [spec]);
            default:
                throw Error(text, $"'{kind}' is not a distribution (choice, uniform, log, int, intlog)");
        }
    }

    /// <summary>A value drawn from the distribution, as the option's text.</summary>
    public string Sample(Rng rng)
    {
        double u = rng.NextDouble();
        return Distribution switch
        {
            SearchDistribution.Choice => Choices[rng.NextInt(Choices.Count)],
            SearchDistribution.Uniform => Text(Low + (High - Low) * u),
            SearchDistribution.LogUniform => Text(Math.Exp(Math.Log(Low) + (Math.Log(High) - Math.Log(Low)) * u)),
            SearchDistribution.Integer => Whole(Low + (High - Low + 1) * u),
            _ => Whole(Math.Exp(Math.Log(Low) + (Math.Log(High + 1) - Math.Log(Low)) * u)),
        };
    }

    /// <summary>Three significant digits are what a search can tell apart; the shorter command is easier to read.</summary>
    private static string Text(double value) =>
        double.Parse(value.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);

    private string Whole(double value) => ((long)Math.Min(High, Math.Floor(value))).ToString(CultureInfo.InvariantCulture);

    private static RecurrentException Error(string text, string why) => new($"The search parameter '{text}' is not valid: {why}.");
}

/// <summary>How a <see cref="SearchParameter"/> draws its values.</summary>
public enum SearchDistribution
{
    /// <summary>One of a list, each equally likely (a fixed value is a list of one).</summary>
    Choice,
    /// <summary>Uniform in [low, high].</summary>
    Uniform,
    /// <summary>Log-uniform in [low, high].</summary>
    LogUniform,
    /// <summary>A uniform integer in [low, high].</summary>
    Integer,
    /// <summary>A log-uniform integer in [low, high].</summary>
    LogInteger,
}

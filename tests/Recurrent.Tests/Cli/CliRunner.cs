// Runs the `recurrent` app in process, capturing what it prints, as a user's shell would see it.
using Recurrent.Cli;

namespace Recurrent.Tests.Cli;

internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

internal static class CliRunner
{
    public static CliRun Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = CliApp.Run(args, new CliContext(output, error));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Asserts the run failed the way a user error should: non-zero, one line on stderr, no stack trace.</summary>
    public static void AssertUserError(CliRun run, string expectedFragment)
    {
        Assert.NotEqual(0, run.ExitCode);
        string error = run.Error.TrimEnd('\n');
        Assert.False(error.Contains('\n'), $"expected one line on stderr, got:\n{run.Error}");
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Contains(expectedFragment, error, StringComparison.OrdinalIgnoreCase);
    }
}

// The library names its own parameters in its messages; the command line puts its flags in their place, and has a
// flag for every parameter any library message names (read from the library's source: each
// `new RecurrentException(message, "name", ...)`).
using System.Text.RegularExpressions;
using Recurrent.Cli;
using Recurrent.Tests.Docs;

namespace Recurrent.Tests.Cli;

public sealed class LibraryParametersTests
{
    [Fact]
    public void The_cli_says_its_flags_where_the_library_names_its_parameters()
    {
        var error = new RecurrentException("The text is too short (batch × (seqLen + 1) = 70); lower batch or seqLen.", "batch", "seqLen");
        Assert.Equal("The text is too short (--batch × (--seq-len + 1) = 70); lower --batch or --seq-len.", LibraryParameters.Translate(error));
        var unnamed = new RecurrentException("A batch of ten.");
        Assert.Equal("A batch of ten.", LibraryParameters.Translate(unnamed)); // only the parameters a message lists
    }

    [Fact]
    public void Every_parameter_a_library_message_names_has_a_flag()
    {
        var named = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(Path.Combine(ReadmeExamples.Root, "src", "Recurrent"), "*.cs", SearchOption.AllDirectories))
        {
            string source = File.ReadAllText(file);
            foreach (Match throwing in Regex.Matches(source, @"(?:new RecurrentException|MemoryBudget\.Ensure)\((?<arguments>.*?)\);\r?\n", RegexOptions.Singleline))
                foreach (Match parameter in Regex.Matches(throwing.Groups["arguments"].Value, @",\s*""(?<name>[a-z][A-Za-z]*)""(?=\s*(?:,|$))"))
                    named.Add(parameter.Groups["name"].Value);
        }
        Assert.Contains("learningRate", named); // the scan finds them
        Assert.All(named, name => Assert.True(LibraryParameters.HasFlag(name), $"the library names '{name}', which has no flag"));
    }
}

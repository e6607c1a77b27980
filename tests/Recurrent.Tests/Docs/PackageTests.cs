// The library's NuGet package, packed as a user would (`dotnet pack src/Recurrent -c Release`): it ships the XML
// documentation and the README, names RNN, LSTM and GRU, carries a version, a license expression, tags and the
// commit it came from, and comes with a symbols package.
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Docs;

public sealed class PackageTests
{
    [Fact]
    public void The_library_package_ships_its_documentation_readme_metadata_and_symbols()
    {
        using var output = new TempDirectory();
        string project = Path.Combine(ReadmeExamples.Root, "src", "Recurrent", "Recurrent.csproj");
        var start = new ProcessStartInfo(ReadmeExamples.DotnetHost(RuntimeEnvironment.GetRuntimeDirectory()),
            ["pack", project, "-c", "Release", "--no-restore", "-o", output.Path, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var pack = Process.Start(start)!)
        {
            string log = pack.StandardOutput.ReadToEnd() + pack.StandardError.ReadToEnd();
            Assert.True(pack.WaitForExit(TimeSpan.FromMinutes(3)), "dotnet pack did not finish");
            Assert.True(pack.ExitCode == 0, log);
        }
        string package = Assert.Single(Directory.GetFiles(output.Path, "Recurrent.*.nupkg"));
        Assert.Single(Directory.GetFiles(output.Path, "Recurrent.*.snupkg"));
        using var zip = ZipFile.OpenRead(package);
        var files = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/Recurrent.dll", files);
        Assert.Contains("lib/net10.0/Recurrent.xml", files);
        Assert.Contains("README.md", files);

        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        using var nuspec = zip.GetEntry("Recurrent.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Element(ns + "metadata")!;
        string Get(string name) => metadata.Element(ns + name)?.Value ?? "";
        Assert.Matches(@"^\d+\.\d+\.\d+", Get("version"));
        Assert.NotEqual("1.0.0", Get("version")); // the SDK's default: not a version anyone chose
        Assert.Equal("MIT", Get("license"));
        Assert.Equal("README.md", Get("readme"));
        Assert.All(new[] { "RNN", "LSTM", "GRU" }, word => Assert.Contains(word, Get("description")));
        Assert.Contains("lstm", Get("tags").Split(' '));
        Assert.Equal("git", metadata.Element(ns + "repository")?.Attribute("type")?.Value);
        using var xml = zip.GetEntry("lib/net10.0/Recurrent.xml")!.Open();
        Assert.Contains(XDocument.Load(xml).Descendants("member"), m => m.Attribute("name")?.Value == "T:Recurrent.Models.RecurrentModel`1");
    }
}

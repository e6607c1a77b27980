// `recurrent trace --html` pages checked in a real headless Chromium: each loads with no console error and no
// request; at every step the controls, the keys, a click on the text or on a heatmap reach, each quantity's cells in
// the diagram hold `trace --json`'s values (to the 4 decimals the page keeps) for the LSTM, the GRU and the RNN and
// for each layer; the notes' worked example shows C = [0.1, -0.07] and h = [0.0897, -0.0419]; hovering a cell names
// its unit, step and value, and so does a heatmap's, ordered by activity; play moves on by itself; a screenshot is the
// window's size and not blank.
using System.Globalization;
using System.Text.Json;
using PuppeteerSharp;
using Recurrent.Data;
using Recurrent.Diagnostics;
using Recurrent.Models;
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;
using SkiaSharp;

namespace Recurrent.Tests.Diagnostics;

public sealed class TracePageBrowserTests : IDisposable
{
    private const string Text = "to be, or not\nto be: that is";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public async Task Each_step_s_cells_hold_the_trace_json_values_and_every_control_moves_the_step(string cell)
    {
        if (HeadlessBrowser.Find() is not string chromium)
            return; // no browser here (.ci/run installs one where apt can)
        string model = Model(cell), page = _dir.File($"{cell}.html");
        var json = CliRunner.Run("trace", "--model", model, "--text", Text, "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        var trace = GateTraceJson.Read(json.Out);
        var written = CliRunner.Run("trace", "--model", model, "--text", Text, "--html", page);
        Assert.True(written.ExitCode == 0, written.Error);
        Assert.Contains($"wrote {page}", written.Out);

        await using var browser = await HeadlessBrowser.LaunchAsync(chromium);
        var (tab, problems) = await Open(browser, page);
        int last = Text.Length - 1;
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await AssertStep(tab, trace, 0, layer: 0);
        await tab.ClickAsync("#next");
        await AssertStep(tab, trace, 1, layer: 0);
        await tab.Keyboard.PressAsync("ArrowRight");
        await AssertStep(tab, trace, 2, layer: 0);
        await tab.Keyboard.PressAsync("ArrowLeft");
        await AssertStep(tab, trace, 1, layer: 0);
        await tab.Keyboard.PressAsync("End");
        await AssertStep(tab, trace, last, layer: 0);
        await tab.ClickAsync("#prev");
        await AssertStep(tab, trace, last - 1, layer: 0);
        await tab.Keyboard.PressAsync("Home");
        await AssertStep(tab, trace, 0, layer: 0);
        await tab.ClickAsync("#last");
        await AssertStep(tab, trace, last, layer: 0);
        await tab.ClickAsync("#first");
        await AssertStep(tab, trace, 0, layer: 0);
        await tab.ClickAsync("#text span[data-step='7']");               // a character of the text
        await AssertStep(tab, trace, 7, layer: 0);
        await tab.EvaluateExpressionAsync("(() => { const s = document.getElementById('scrub'); s.value = 11; s.dispatchEvent(new Event('input')); })()");
        await AssertStep(tab, trace, 11, layer: 0);
        var canvas = await tab.QuerySelectorAsync("#heatmaps canvas");   // a column of the first heatmap
        var box = await canvas.BoundingBoxAsync();
        decimal px = Math.Floor(box.Width / Text.Length);
        await canvas.ClickAsync(new PuppeteerSharp.Input.ClickOptions { OffSet = new Offset(4 * px + px / 2, 1) }); // scrolled into view first
        await AssertStep(tab, trace, 4, layer: 0);
        await tab.SelectAsync("#layer", "1");                            // the second layer, same step
        await AssertStep(tab, trace, 4, layer: 1);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_worked_example_shows_the_notes_numbers_and_a_hovered_cell_names_itself()
    {
        if (HeadlessBrowser.Find() is not string chromium)
            return;
        string page = _dir.File("notes.html");
        var run = CliRunner.Run("trace", "--worked-example", "--html", page);
        Assert.True(run.ExitCode == 0, run.Error);
        await using var browser = await HeadlessBrowser.LaunchAsync(chromium);
        var (tab, problems) = await Open(browser, page);
        Assert.Equal(["0.1000", "-0.0700"], await Cells(tab, "C"));
        Assert.Equal(["0.0897", "-0.0419"], await Cells(tab, "h"));
        Assert.Equal(["0.8000", "0.3000"], await Cells(tab, "f"));
        Assert.Equal(["0.0000", "0.0000"], await Cells(tab, "prev:C"));
        string shown = await tab.EvaluateExpressionAsync<string>("document.getElementById('diagram').textContent");
        foreach (string number in new[] { "0.1000", "−0.0700", "0.0897", "−0.0419", "0.5000", "0.7000", "0.2000", "−0.1000", "0.9000", "0.6000" })
            Assert.Contains(number, shown);

        var cell = await tab.QuerySelectorAsync("#diagram rect[data-q='h'][data-unit='1']");
        await cell.HoverAsync();
        string tip = await tab.EvaluateExpressionAsync<string>("document.getElementById('tooltip').textContent");
        Assert.Equal("h, unit 1, step 0: -0.0419", tip);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Play_moves_on_by_itself_and_a_screenshot_is_the_window_and_not_blank()
    {
        if (HeadlessBrowser.Find() is not string chromium)
            return;
        string model = Model("lstm"), page = _dir.File("play.html"), shot = _dir.File("play.png");
        Assert.Equal(0, CliRunner.Run("trace", "--model", model, "--text", Text, "--html", page).ExitCode);
        await using var browser = await HeadlessBrowser.LaunchAsync(chromium);
        var (tab, problems) = await Open(browser, page);
        await tab.SelectAsync("#speed", "20");
        await tab.ClickAsync("#play");
        await Task.Delay(600);
        await tab.Keyboard.PressAsync(" ");                               // space pauses
        int reached = await Step(tab);
        Assert.InRange(reached, 3, Text.Length - 1);
        await Task.Delay(300);
        Assert.Equal(reached, await Step(tab));                           // paused: it stays

        // heatmap rows by activity: hovering the top row of h names the unit whose h spreads widest, at the hovered step
        var trace = GateTraceJson.Read(CliRunner.Run("trace", "--model", model, "--text", Text, "--json").Out);
        await tab.SelectAsync("#order", "activity");
        var heatmap = await tab.QuerySelectorAsync("#heatmaps canvas[data-q='h']");
        await heatmap.HoverAsync();                                        // scrolled into view, then measured
        var box = await heatmap.BoundingBoxAsync();
        decimal px = Math.Floor(box.Width / Text.Length);
        await tab.Mouse.MoveAsync(box.X + 3 * px + px / 2, box.Y + 1);
        int widest = UnitActivity.MostActive(trace, 0, 1)[0];
        string tip = await tab.EvaluateExpressionAsync<string>("document.getElementById('tooltip').textContent");
        float value = trace.Steps[3].Layers[0]["h"][widest];
        Assert.Equal($"h, unit {widest}, step 3 '{Text[3]}': {(value < 0 ? "−" : "")}{Math.Abs(value).ToString("F4", CultureInfo.InvariantCulture)}", tip);

        await tab.Mouse.MoveAsync(0, 0);
        await tab.EvaluateExpressionAsync("window.scrollTo(0, 0)");
        await tab.ScreenshotAsync(shot);
        using var bitmap = SKBitmap.Decode(shot);
        Assert.Equal((1280, 900), (bitmap.Width, bitmap.Height));
        var colours = new HashSet<uint>();
        int inked = 0;
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3)
            {
                var pixel = bitmap.GetPixel(x, y);
                colours.Add((uint)pixel);
                if (pixel.Red < 235 || pixel.Green < 235 || pixel.Blue < 235)
                    inked++;
            }
        Assert.True(colours.Count > 200, $"{colours.Count} colours: the page looks blank");
        Assert.True(inked > bitmap.Width * bitmap.Height / 9 / 20, $"only {inked} inked samples: the page looks blank");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A two-layer character model over the text's characters, its weights widened so its gates move.</summary>
    private string Model(string cell)
    {
        CellKinds.TryParse(cell, out var kind);
        var model = ModelBundle.ForCharacters(kind, Vocabulary.FromText(Text), hidden: 6, layers: 2);
        model.Network.Initialize(17);
        foreach (ref float value in model.Network.Parameters.Values.AsSpan())
            value *= 3;
        string path = _dir.File($"{cell}.safetensors");
        ModelFile.Save(path, model);
        return path;
    }

    /// <summary>The page in a new tab, with every console error, page error and request it makes collected.</summary>
    private static async Task<(IPage Tab, List<string> Problems)> Open(IBrowser browser, string path)
    {
        var tab = await browser.NewPageAsync();
        var problems = new List<string>();
        tab.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) problems.Add($"console: {e.Message.Text}"); };
        tab.PageError += (_, e) => problems.Add($"page error: {e.Message}");
        tab.Request += (_, e) => { if (!e.Request.Url.StartsWith("file:", StringComparison.Ordinal)) problems.Add($"request: {e.Request.Url}"); };
        await tab.GoToAsync(new Uri(path).AbsoluteUri, WaitUntilNavigation.Load);
        return (tab, problems);
    }

    private static async Task<int> Step(IPage tab) =>
        int.Parse(await tab.EvaluateExpressionAsync<string>("document.getElementById('scrub').value"), CultureInfo.InvariantCulture);

    private static Task<string[]> Cells(IPage tab, string quantity) =>
        tab.EvaluateExpressionAsync<string[]>($"[...document.querySelectorAll(\"#diagram rect[data-q='{quantity}']\")].map(r => r.dataset.value)");

    /// <summary>The page is at step t of the layer, and every quantity's cells (and the previous states') hold the trace's values.</summary>
    private static async Task AssertStep(IPage tab, GateTrace trace, int t, int layer)
    {
        Assert.Equal(t, await Step(tab));
        string label = await tab.EvaluateExpressionAsync<string>("document.getElementById('step-label').textContent");
        Assert.StartsWith($"t = {t} of {trace.Steps.Count - 1}", label);
        var values = trace.Steps[t].Layers[layer];
        foreach (var (quantity, expected) in values)
            AssertCells(quantity, t, await Cells(tab, quantity), expected);
        string state = trace.Cell == "lstm" ? GateQuantities.Cell : GateQuantities.Hidden;
        AssertCells("prev:" + state, t, await Cells(tab, "prev:" + state),
            t == 0 ? new float[trace.Hidden] : trace.Steps[t - 1].Layers[layer][state]);
    }

    private static void AssertCells(string quantity, int t, string[] shown, float[] expected)
    {
        Assert.True(shown.Length > 0 && shown.Length % expected.Length == 0, $"{quantity} at step {t}: {shown.Length} cells for {expected.Length} units");
        for (int k = 0; k < shown.Length; k++)
        {
            double value = double.Parse(shown[k], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(value - expected[k % expected.Length]) <= 5.0001e-5,
                $"{quantity}, unit {k % expected.Length}, step {t}: the page shows {shown[k]}, trace --json has {expected[k % expected.Length]}");
        }
    }
}

// A gate trace written as JSON reads back to the same trace, bit for bit, and the JSON has the documented shape.
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Diagnostics;
using Recurrent.Models;

namespace Recurrent.Tests.Diagnostics;

public sealed class GateTraceJsonTests
{
    [Fact]
    public void A_trace_round_trips_through_JSON()
    {
        var model = ModelBundle.ForCharacters(CellKind.Gru, Vocabulary.FromText("ab é\"\n"), hidden: 3, layers: 2);
        model.Network.Initialize(5);
        var trace = GateTracer.Trace(model, "a é\"b\n");

        string json = GateTraceJson.Write(trace);
        var read = GateTraceJson.Read(json);

        Assert.Equal((trace.Cell, trace.Hidden, trace.Layers), (read.Cell, read.Hidden, read.Layers));
        Assert.Equal(trace.Steps.Count, read.Steps.Count);
        for (int t = 0; t < trace.Steps.Count; t++)
        {
            var (expected, actual) = (trace.Steps[t], read.Steps[t]);
            Assert.Equal((expected.T, expected.Char, expected.Index), (actual.T, actual.Char, actual.Index));
            for (int k = 0; k < 2; k++)
            {
                Assert.Equal(expected.Layers[k].Keys.Order(StringComparer.Ordinal), actual.Layers[k].Keys.Order(StringComparer.Ordinal));
                foreach (var (name, values) in expected.Layers[k])
                    Assert.Equal(values, actual.Layers[k][name]); // exact: floats are written in round-trip form
            }
        }
        Assert.Equal(json, GateTraceJson.Write(read));
    }

    [Fact]
    public void The_JSON_names_steps_characters_and_quantities()
    {
        string json = GateTraceJson.Write(GateTracer.Trace(WorkedExampleModel.Create(), "hp"));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("lstm", root.GetProperty("cell").GetString());
        Assert.Equal(2, root.GetProperty("hidden").GetInt32());
        var second = root.GetProperty("steps")[1];
        Assert.Equal(1, second.GetProperty("t").GetInt32());
        Assert.Equal("p", second.GetProperty("char").GetString());
        Assert.Equal(3, second.GetProperty("index").GetInt32());
        var first = root.GetProperty("steps")[0].GetProperty("layers")[0];
        Assert.Equal(0.8, first.GetProperty("f")[0].GetDouble(), 6);
        Assert.Equal(-0.07, first.GetProperty("C")[1].GetDouble(), 6);
        Assert.Equal(0.2, first.GetProperty("C~")[0].GetDouble(), 6);
        Assert.DoesNotContain('\n', json);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"cell\":")]
    [InlineData("null")]
    public void Text_that_is_not_a_trace_is_refused(string json) =>
        Assert.Throws<RecurrentException>(() => GateTraceJson.Read(json));
}

// A gate trace is the model's own computation: on the notes' worked example it shows the notes' numbers, and on
// random RNN, LSTM and GRU stacks it equals what one Forward over the whole text leaves in the layer buffers.
using Recurrent.Data;
using Recurrent.Diagnostics;
using Recurrent.Models;

namespace Recurrent.Tests.Diagnostics;

public sealed class GateTracerTests
{
    private const double FloatTolerance = 1e-6;

    private static void AssertValues(double[] expected, float[] actual, double tolerance = FloatTolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance, $"[{k}]: expected {expected[k]}, got {actual[k]}");
    }

    [Fact]
    public void The_worked_example_traces_to_the_notes_numbers()
    {
        var trace = GateTracer.Trace(WorkedExampleModel.Create(), "h");

        Assert.Equal(("lstm", 2, 1), (trace.Cell, trace.Hidden, trace.Layers));
        var step = Assert.Single(trace.Steps);
        Assert.Equal((0, "h", 0), (step.T, step.Char, step.Index));
        var layer = Assert.Single(step.Layers);
        Assert.Equal(["f", "i", "C~", "C", "o", "h"], GateQuantities.Of(CellKind.Lstm)); // the notes' order
        Assert.Equal(["C", "C~", "f", "h", "i", "o"], layer.Keys.Order(StringComparer.Ordinal));
        AssertValues(WorkedExampleModel.F, layer["f"]);
        AssertValues(WorkedExampleModel.I, layer["i"]);
        AssertValues(WorkedExampleModel.Candidate, layer["C~"]);
        AssertValues(WorkedExampleModel.C, layer["C"]);
        AssertValues(WorkedExampleModel.O, layer["o"]);
        AssertValues(WorkedExampleModel.H, layer["h"]);
        AssertValues([0.0897, -0.0419], layer["h"], 5e-5); // as the notes print them, to four places
    }

    [Fact]
    public void The_state_carries_from_step_to_step()
    {
        // 'e' has a zero column and W_hh is zero: every gate is σ(0) = 0.5, C~ = tanh(0) = 0, so C halves.
        var trace = GateTracer.Trace(WorkedExampleModel.Create(), "he");

        var second = trace.Steps[1].Layers[0];
        Assert.Equal((1, "e", 1), (trace.Steps[1].T, trace.Steps[1].Char, trace.Steps[1].Index));
        AssertValues([0.5, 0.5], second["f"]);
        AssertValues([0, 0], second["C~"]);
        AssertValues([0.05, -0.035], second["C"]);
        AssertValues([0.5 * Math.Tanh(0.05), 0.5 * Math.Tanh(-0.035)], second["h"]);
    }

    [Theory]
    [InlineData(CellKind.Rnn)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void A_trace_equals_one_Forward_over_the_whole_text(CellKind cell)
    {
        // In float64 (the scalar products), so that one T-step Forward and T one-step Forwards round alike; in float32
        // the blocked kernels may round a T-row product and a 1-row product differently in the last bit.
        const int hidden = 5, layers = 2;
        var model = new RecurrentModel<double>(ModelSpec.ForCharacters(cell, 5, hidden, layers));
        model.Initialize(7);
        foreach (ref double w in model.Parameters.Values.AsSpan())
            w *= 4; // leave the near-linear regime of the default initialisation, so the gates differ visibly
        int[] tokens = [0, 1, 2, 0, 3, 2, 0, 1, 4, 1, 1];

        var trace = GateTracer.Trace(model, tokens, k => "abc \n"[k].ToString());

        int steps = tokens.Length, width = model.Spec.GateCount * hidden;
        var workspace = model.CreateWorkspace(steps, 1);
        tokens.CopyTo(workspace.Tokens, 0);
        model.Forward(workspace, steps, model.CreateState(1));
        Assert.Equal(steps, trace.Steps.Count);
        for (int t = 0; t < steps; t++)
            for (int k = 0; k < layers; k++)
            {
                var buffers = workspace.Layers[k];
                var traced = trace.Steps[t].Layers[k];
                Assert.Equal(GateQuantities.Of(cell).Order(StringComparer.Ordinal), traced.Keys.Order(StringComparer.Ordinal));
                float[] Floats(double[] buffer, int offset) => buffer.AsSpan(offset, hidden).ToArray().Select(v => (float)v).ToArray();
                float[] Gate(int block) => Floats(buffer: buffers.Gates, offset: t * width + block * hidden);
                Assert.Equal(Floats(buffers.Hiddens, (t + 1) * hidden), traced["h"]);
                switch (cell)
                {
                    case CellKind.Lstm:
                        Assert.Equal(Gate(0), traced["i"]);
                        Assert.Equal(Gate(1), traced["f"]);
                        Assert.Equal(Gate(2), traced["C~"]);
                        Assert.Equal(Gate(3), traced["o"]);
                        Assert.Equal(Floats(buffers.Cells, (t + 1) * hidden), traced["C"]);
                        break;
                    case CellKind.Gru:
                        Assert.Equal(Gate(0), traced["r"]);
                        Assert.Equal(Gate(1), traced["z"]);
                        Assert.Equal(Gate(2), traced["n"]);
                        break;
                }
            }
        Assert.Equal(tokens, trace.Steps.Select(s => s.Index));
        Assert.Equal(["a", "b", "c", "a", " "], trace.Steps.Take(5).Select(s => s.Char));
    }

    [Fact]
    public void A_character_model_traces_the_characters_of_its_text()
    {
        var model = ModelBundle.ForCharacters(CellKind.Gru, Vocabulary.FromText("ab😀\n"), hidden: 3, layers: 1);
        model.Network.Initialize(2);

        var trace = GateTracer.Trace(model, "b😀\na");

        Assert.Equal(["b", "😀", "\n", "a"], trace.Steps.Select(s => s.Char));
        Assert.Equal([1, 2, 3, 0], trace.Steps.Select(s => s.Index));
        Assert.Equal([0, 1, 2, 3], trace.Steps.Select(s => s.T));
    }

    [Fact]
    public void Bad_input_is_refused_with_a_readable_reason()
    {
        var model = WorkedExampleModel.Create();
        Assert.Contains("empty", Assert.Throws<RecurrentException>(() => GateTracer.Trace(model, "")).Message);
        Assert.Contains("'x' (U+0078) is not in the model's vocabulary",
            Assert.Throws<RecurrentException>(() => GateTracer.Trace(model, "hex")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GateTracer.Trace(model.Network, [0, 4], k => "?"));
        var dense = new RecurrentModel<float>(new ModelSpec(CellKind.Rnn, InputKind.Dense, 3, 2, 1, 3));
        Assert.Throws<ArgumentException>(() => GateTracer.Trace(dense, [0], k => "?"));
    }
}

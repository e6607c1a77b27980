// GradientFlow.Measure's bookkeeping: deterministic for a seed, one norm per distance and layer, text windows for
// token models, dense random inputs, and clear refusals; MemoryGateBias sets exactly the memory gate's biases.
using Recurrent.Diagnostics;
using Recurrent.Models;

namespace Recurrent.Tests.Diagnostics;

public sealed class GradientFlowTests
{
    private static RecurrentModel<double> Model(CellKind cell, int layers = 1, InputKind input = InputKind.OneHot)
    {
        var model = new RecurrentModel<double>(new ModelSpec(cell, input, 5, 6, layers, 5));
        model.Initialize(3);
        return model;
    }

    [Fact]
    public void The_same_seed_gives_the_same_norms_and_another_seed_other_ones()
    {
        var model = Model(CellKind.Lstm, layers: 2);
        var first = GradientFlow.Measure(model, 12, 3, seed: 4);
        var again = GradientFlow.Measure(model, 12, 3, seed: 4);
        var other = GradientFlow.Measure(model, 12, 3, seed: 5);

        Assert.Equal(first.HiddenNorms, again.HiddenNorms);
        Assert.Equal(first.InputNorms, again.InputNorms);
        Assert.NotEqual(first.InputNorms, other.InputNorms);
        Assert.Equal(2, first.LayerHiddenNorms.Length);
        Assert.Same(first.LayerHiddenNorms[1], first.HiddenNorms);
        Assert.All(first.LayerHiddenNorms, norms => Assert.Equal(12, norms.Length));
        Assert.All(first.InputNorms, n => Assert.True(n > 0 && double.IsFinite(n)));
        Assert.Equal((CellKind.Lstm, 6, 2, 12, 3), (first.Cell, first.HiddenSize, first.Layers, first.Length, first.Samples));
    }

    [Fact]
    public void Token_models_read_windows_of_a_text_and_dense_models_random_vectors()
    {
        var model = Model(CellKind.Gru);
        int[] text = [0, 1, 2, 3, 4, 0, 1, 2];
        var fromText = GradientFlow.Measure(model, 8, 2, seed: 1, text); // the only window: the whole text
        Assert.Equal(fromText.InputNorms, GradientFlow.Measure(model, 8, 2, seed: 1, text).InputNorms);
        Assert.NotEqual(fromText.InputNorms, GradientFlow.Measure(model, 8, 2, seed: 1).InputNorms); // random tokens
        Assert.Throws<ArgumentException>(() => GradientFlow.Measure(model, 9, 2, 1, text));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientFlow.Measure(model, 2, 1, 1, [0, 5]));

        var dense = Model(CellKind.Rnn, input: InputKind.Dense);
        var result = GradientFlow.Measure(dense, 10, 2, seed: 1);
        Assert.All(result.InputNorms, n => Assert.True(n > 0));
        Assert.Throws<ArgumentException>(() => GradientFlow.Measure(dense, 2, 1, 1, [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientFlow.Measure(dense, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientFlow.Measure(dense, 3, 0, 1));
    }

    [Fact]
    public void A_float_model_is_measured_in_double_with_the_same_weights()
    {
        var single = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Lstm, 4, 3, 1));
        single.Initialize(2);
        var copy = single.Convert<double>();
        Assert.Equal(single.Spec, copy.Spec);
        Assert.Equal(single.Parameters.Values.Select(v => (double)v), copy.Parameters.Values);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 4)]
    [InlineData(CellKind.Gru, 3)]
    public void The_memory_gate_bias_is_block_one_of_every_layer(CellKind cell, int gates)
    {
        var model = Model(cell, layers: 2);
        double[] before = model.Parameters.Values.ToArray();
        MemoryGateBias.Set(model, 2.5);
        for (int k = 0; k < 2; k++)
        {
            var ih = model.Parameters.Value(ParameterNames.BiasIh(k)).ToArray();
            var hh = model.Parameters.Value(ParameterNames.BiasHh(k)).ToArray();
            Assert.Equal(gates * 6, ih.Length);
            Assert.All(ih[6..12], b => Assert.Equal(2.5, b));
            Assert.All(hh[6..12], b => Assert.Equal(0, b));
            var info = model.Parameters[ParameterNames.BiasIh(k)];
            Assert.Equal(before.AsSpan(info.Offset, 6).ToArray(), ih[..6]); // the other gates keep their values
        }
        var rnn = Model(CellKind.Rnn);
        double[] rnnBefore = rnn.Parameters.Values.ToArray();
        MemoryGateBias.Set(rnn, 2.5);
        Assert.Equal(rnnBefore, rnn.Parameters.Values);
    }
}

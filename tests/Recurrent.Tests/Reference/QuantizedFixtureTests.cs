// Quantized models against PyTorch's float64 outputs: every forward fixture of tools/reference (each cell, one and two
// layers, one-hot, embedded and dense input, every readout and head, lengths, both directions) with its weights
// quantized. The stated bound, of each output tensor's largest magnitude: 16-bit within 2e-4, 8-bit within 2e-2
// (observed when written, AVX-VNNI machine: at most 2.1e-5 and 1.2e-2).
using Recurrent.Models;
using Xunit.Abstractions;

namespace Recurrent.Tests.Reference;

public sealed class QuantizedFixtureTests(ITestOutputHelper output)
{
    /// <summary>Every forward fixture but those with dropout, which run in training mode (a quantized model does not train).</summary>
    public static IEnumerable<object[]> Cases() => TorchFixture.CaseNames().Where(c => !TorchFixture.Load((string)c[0]).Training);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quantized_outputs_are_within_the_bound_of_pytorch_s(string name)
    {
        var fixture = TorchFixture.Load(name);
        var model = fixture.BuildModel<float>();
        foreach (var (bits, bound) in new[] { (16, 2e-4), (8, 2e-2) })
        {
            var quantized = ModelQuantization.Quantize(model, bits);
            var ws = quantized.CreateWorkspace(fixture.Steps, fixture.Batch, forBackward: false);
            fixture.WriteBatch(ws.Buffers);
            var state = quantized.CreateState(fixture.Batch);
            fixture.WriteInitialState(state);
            quantized.Forward(ws, fixture.Steps, state);
            double deviation = Deviation.Relative<float>(ws.Outputs, fixture.Outputs);
            output.WriteLine($"{name} {bits}-bit: {deviation:E2}");
            Assert.True(deviation <= bound, $"{bits}-bit: {deviation:E3} > {bound:E0}");
            Assert.True(deviation > 1e-7, $"{bits}-bit: {deviation:E3}, as exact as float32: were the weights quantized?");
        }
    }
}

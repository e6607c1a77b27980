// Before timing the packed workload: do both sides compute the same thing? One batch of widely spread lengths
// (PackedData.Check) through both models from the same weights: the logits, the loss, and every parameter's gradient.
// Packing, the reverse direction's start at each sequence's own end, the head's gather and the masked backward must
// all agree for these to, so a figure never compares two different computations. Not timed; float32 on both sides.
using System.Globalization;
using Recurrent.Models;
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed record PackedAgreement(double MaxLogit, double LogitDifference, double RecurrentLoss, double TorchLoss,
    string WorstGradient, double GradientDifference)
{
    /// <summary>Largest |Δ| allowed in a logit and in the loss, and in a gradient relative to its parameter's largest |g|.</summary>
    public const double Tolerance = 1e-4, GradientTolerance = 1e-3;

    public bool Agrees => LogitDifference <= Tolerance && Math.Abs(RecurrentLoss - TorchLoss) <= Tolerance && GradientDifference <= GradientTolerance;

    public static PackedAgreement Measure(BenchConfig config, PackedData data)
    {
        var model = new RecurrentModel<float>(RecurrentSide.PackedSpec(config, data.Shape));
        model.Initialize(RecurrentSide.InitialSeed);
        PackedBatch check = data.Check;
        var workspace = model.CreateWorkspace(check.Steps, check.Batch);
        check.WriteTo(workspace);
        model.Parameters.ZeroGradients();
        model.Forward(workspace, check.Steps, model.CreateState(check.Batch));
        double recurrentLoss = model.Loss(workspace);
        model.Backward(workspace);

        using var scope = NewDisposeScope();
        using var batch = new TorchPackedBatch(check);
        using var net = new TorchPackedNet(config, data.Shape, model.Parameters);
        var logits = net.Forward(batch);
        var loss = nn.functional.cross_entropy(logits, batch.Labels);
        loss.backward();

        float[] torchLogits = logits.detach().data<float>().ToArray();
        ReadOnlySpan<float> ours = workspace.Outputs.AsSpan(0, torchLogits.Length);
        double maxLogit = 0, logitDifference = 0;
        for (int k = 0; k < torchLogits.Length; k++)
        {
            maxLogit = Math.Max(maxLogit, Math.Abs(ours[k]));
            logitDifference = Math.Max(logitDifference, Math.Abs(ours[k] - torchLogits[k]));
        }
        string worst = "";
        double gradientDifference = 0;
        foreach (var (name, parameter) in net.NamedParameters())
        {
            float[] theirs = parameter.grad!.data<float>().ToArray();
            ReadOnlySpan<float> mine = model.Parameters.Gradient(name);
            double scale = 0, difference = 0;
            for (int k = 0; k < theirs.Length; k++)
            {
                scale = Math.Max(scale, Math.Abs(theirs[k]));
                difference = Math.Max(difference, Math.Abs(mine[k] - theirs[k]));
            }
            double relative = scale > 0 ? difference / scale : difference;
            if (relative >= gradientDifference)
                (worst, gradientDifference) = (name, relative);
        }
        return new PackedAgreement(maxLogit, logitDifference, recurrentLoss, loss.item<float>(), worst, gradientDifference);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"largest |Δ logit| {LogitDifference:E1} (logits up to {MaxLogit:F3}), loss {RecurrentLoss:F6} and {TorchLoss:F6}, " +
        $"largest gradient difference {GradientDifference:E1} of its parameter's largest |g| ({WorstGradient}): {(Agrees ? "agree" : "DISAGREE")}");
}

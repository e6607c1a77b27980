// What a model's head predicts, and so the loss it is trained on.
namespace Recurrent.Models;

/// <summary>The output and loss of a model's linear head (see <see cref="ModelSpec.Head"/>).</summary>
public enum HeadKind
{
    /// <summary>O real values, y = W·h + b; the loss is <see cref="ModelSpec.Loss"/>, by default the mean squared error (torch.nn.MSELoss, mean).</summary>
    Regression,
    /// <summary>Logits over C classes, softmax; the loss is the mean cross-entropy in nats (torch.nn.CrossEntropyLoss).</summary>
    Classification,
}

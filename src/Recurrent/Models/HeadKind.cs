// What a many-to-one model's head predicts from the last step's top hidden state, and the loss it is trained on.
namespace Recurrent.Models;

/// <summary>The output and loss of a <see cref="ManyToOneModel{T}"/>.</summary>
public enum HeadKind
{
    /// <summary>O real values, y = W·h(T-1) + b; the loss is the mean squared error (torch.nn.MSELoss, mean).</summary>
    Regression,
    /// <summary>Logits over C classes, softmax; the loss is the mean cross-entropy (torch.nn.CrossEntropyLoss).</summary>
    Classification,
}

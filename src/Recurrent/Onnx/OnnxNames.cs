// The names of an exported model's graph inputs and outputs, as a C# user of ONNX Runtime feeds and reads them.
// Time-major, as torch.nn.LSTM's defaults and ONNX's recurrent operators: "steps" then "batch".
namespace Recurrent.Onnx;

/// <summary>Input and output names of the ONNX graphs that <see cref="OnnxExport"/> writes.</summary>
public static class OnnxNames
{
    /// <summary>Input of a token model: int64 [steps, batch], each a token's index in the vocabulary.</summary>
    public const string Tokens = "tokens";

    /// <summary>Input of a real-valued model: float [steps, batch, inputs], in data units (the graph applies the input scaling).</summary>
    public const string Inputs = "inputs";

    /// <summary>
    /// Optional input: int32 [batch], each sequence's number of valid steps (its padded steps are not read, as with
    /// PyTorch's pack_padded_sequence); left out, every sequence has all the steps.
    /// </summary>
    public const string Lengths = "lengths";

    /// <summary>Optional input: float [layers·directions, batch, hidden], the initial hidden state (torch's h0); left out, zeros.</summary>
    public const string InitialHidden = "h0";

    /// <summary>Optional input of an LSTM: float [layers·directions, batch, hidden], the initial cell state (torch's c0); left out, zeros.</summary>
    public const string InitialCell = "c0";

    /// <summary>Output of a classification head: the logits, float [steps, batch, classes] (every step) or [batch, classes].</summary>
    public const string Logits = "logits";

    /// <summary>Output of a classification head: softmax(logits) over the classes, shaped as <see cref="Logits"/>.</summary>
    public const string Probabilities = "probabilities";

    /// <summary>Output of a regression head: the predicted values in data units (the target scaling undone).</summary>
    public const string Values = "values";

    /// <summary>Output: float [layers·directions, batch, hidden], the hidden state after each sequence's last valid step (torch's h_n).</summary>
    public const string FinalHidden = "hn";

    /// <summary>Output of an LSTM: float [layers·directions, batch, hidden], the final cell state (torch's c_n).</summary>
    public const string FinalCell = "cn";
}

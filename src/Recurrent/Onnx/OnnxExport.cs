// Export of a model to ONNX, for ONNX Runtime in C#, Python, JavaScript, on phones, in browsers and on GPUs. The file
// is one ModelProto (IR version 8, the default opset 17: ONNX 1.12 and later read it, ONNX Runtime from 1.12) whose
// graph OnnxModelGraph builds, and whose metadata properties hold what the model file's metadata holds (vocab, labels,
// scalings, the architecture, a forecaster's layout, a speech model's features), training state left out.
using Google.Protobuf;
using Onnx;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Onnx;

/// <summary>Writes a <see cref="ModelBundle"/> as an ONNX model.</summary>
public static class OnnxExport
{
    /// <summary>The ONNX opset the graphs use (the default domain).</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version of the files.</summary>
    public const int IrVersion = 8;

    /// <summary>The producer name written into every file.</summary>
    public const string Producer = "Recurrent";

    // Protobuf messages are limited to 2 GiB; weights past this would need ONNX's external data files.
    private const long MaxWeightBytes = (1L << 31) - (64L << 20);

    /// <summary>The ONNX model of <paramref name="model"/>, serialised.</summary>
    /// <exception cref="ArgumentException">The bundle's vocabulary, labels or scalings do not fit its network.</exception>
    /// <exception cref="RecurrentException">The weights are too large for one ONNX file (2 GiB), the model is quantized, or it uses zoneout.</exception>
    public static byte[] ToBytes(ModelBundle model) => Build(model).ToByteArray();

    /// <summary>Writes the ONNX model of <paramref name="model"/> to <paramref name="path"/>, replacing it atomically.</summary>
    /// <exception cref="ArgumentException">The bundle's vocabulary, labels or scalings do not fit its network.</exception>
    /// <exception cref="RecurrentException">The weights are too large for one ONNX file, or the file cannot be written (an existing file is left intact).</exception>
    public static void Save(ModelBundle model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var proto = Build(model);
        AtomicFile.Write(path, "the ONNX model", proto.WriteTo);
    }

    private static ModelProto Build(ModelBundle model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validated();
        if (model.Network.Quantized is { } quantized)
            throw new RecurrentException($"This is a quantized model ({quantized.Bits}-bit weights); ONNX's LSTM, GRU and RNN operators take float weights: export the float model it was made from.");
        // Zoneout's expectation mixes each step's state with the one before, which ONNX's LSTM, GRU and RNN operators
        // cannot express; refused rather than exported as a different model.
        if (model.Spec.HasZoneout)
            throw new RecurrentException("This model uses zoneout, which ONNX's LSTM, GRU and RNN operators have no form of: it cannot be exported to ONNX.");
        long bytes = model.Spec.ParameterCount * sizeof(float);
        if (bytes > MaxWeightBytes)
            throw new RecurrentException(
                $"The model's weights take {bytes:N0} bytes; one ONNX file holds at most 2 GiB (protobuf's limit), and external weight files are not written.");
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = Producer,
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = model.Describe(),
            Graph = OnnxModelGraph.Build(model),
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in ModelFile.Metadata(model))
            if (!key.StartsWith(ModelFile.TrainingPrefix, StringComparison.Ordinal))
                proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }
}

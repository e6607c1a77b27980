// Runs an exported model in ONNX Runtime (Microsoft.ML.OnnxRuntime, the CPU build): the independent engine the
// export tests compare Recurrent's own outputs with.
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recurrent.Tests.Onnx;

internal sealed class OnnxRuntimeRunner : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxRuntimeRunner(byte[] model)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        _session = new InferenceSession(model, options);
    }

    public OnnxRuntimeRunner(string path) : this(File.ReadAllBytes(path))
    {
    }

    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;

    public IReadOnlyList<string> InputNames => [.. _session.InputMetadata.Keys];

    /// <summary>The optional inputs: initializers a caller may override (ONNX Runtime lists them apart from the inputs).</summary>
    public IReadOnlyList<string> OptionalInputNames => [.. _session.OverridableInitializerMetadata.Keys];

    public IReadOnlyList<string> OutputNames => [.. _session.OutputMetadata.Keys];

    /// <summary>Runs the graph on the named inputs (float, int64 or int32 tensors) and returns every output as (values, shape).</summary>
    public Dictionary<string, (float[] Values, int[] Shape)> Run(params NamedOnnxValue[] inputs)
    {
        using var results = _session.Run(inputs);
        return results.ToDictionary(r => r.Name, r =>
        {
            var tensor = r.AsTensor<float>();
            return (tensor.ToArray(), tensor.Dimensions.ToArray());
        });
    }

    public static NamedOnnxValue Floats(string name, float[] values, params int[] shape) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, shape));

    public static NamedOnnxValue Longs(string name, long[] values, params int[] shape) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(values, shape));

    public static NamedOnnxValue Ints(string name, int[] values, params int[] shape) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(values, shape));

    public void Dispose() => _session.Dispose();
}

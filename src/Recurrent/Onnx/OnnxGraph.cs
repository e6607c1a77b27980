// A small writer of ONNX graphs over the protobuf classes of the OnnxSharp package (ONNX's own onnx.proto compiled
// with Google.Protobuf): nodes with unique output names, initializers stored as little-endian raw data, typed inputs
// and outputs with named (dynamic) dimensions. It knows nothing of recurrent models; OnnxExport builds one with it.
using Google.Protobuf;
using Onnx;

namespace Recurrent.Onnx;

/// <summary>Builds one ONNX <see cref="GraphProto"/> node by node.</summary>
internal sealed class OnnxGraph
{
    private int _next;

    public OnnxGraph(string name) => Graph = new GraphProto { Name = name };

    public GraphProto Graph { get; }

    /// <summary>A dimension of an input or output: a fixed size, or a name (as "steps") that stands for any size.</summary>
    public readonly record struct Dim(long Size, string? Name)
    {
        public static implicit operator Dim(long size) => new(size, null);

        public static implicit operator Dim(string name) => new(0, name);
    }

    /// <summary>Declares a graph input of element type <paramref name="type"/> and the given dimensions.</summary>
    public string Input(string name, TensorProto.Types.DataType type, IReadOnlyList<Dim> dims, string doc)
    {
        Graph.Input.Add(ValueInfo(name, type, dims, doc));
        return name;
    }

    /// <summary>Declares <paramref name="value"/>, an output of some node, as the graph output <paramref name="name"/>.</summary>
    public void Output(string value, string name, TensorProto.Types.DataType type, IReadOnlyList<Dim> dims, string doc)
    {
        if (value != name)
            Node("Identity", [value], name);
        Graph.Output.Add(ValueInfo(name, type, dims, doc));
    }

    /// <summary>A float32 initializer of the given shape (row-major), named as given.</summary>
    public string Floats(string name, ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(name, TensorProto.Types.DataType.Float, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    /// <summary>An int64 scalar initializer (0-D), under a fresh name.</summary>
    public string LongScalar(long value) =>
        Initializer(Fresh("const"), TensorProto.Types.DataType.Int64, [], System.Runtime.InteropServices.MemoryMarshal.AsBytes([value]));

    /// <summary>An int64 vector initializer (1-D), under a fresh name.</summary>
    public string LongVector(params long[] values) =>
        Initializer(Fresh("const"), TensorProto.Types.DataType.Int64, [values.Length], System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>An int32 initializer of the given shape, named as given.</summary>
    public string Ints(string name, ReadOnlySpan<int> values, params long[] dims) =>
        Initializer(name, TensorProto.Types.DataType.Int32, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    /// <summary>A float32 scalar initializer under a fresh name.</summary>
    public string Scalar(float value) => Floats(Fresh("const"), [value]);

    private string Initializer(string name, TensorProto.Types.DataType type, long[] dims, ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this machine is not.");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node of <paramref name="op"/> and returns its (first) output, a fresh name.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes) =>
        Node(op, inputs, 1, attributes)[0];

    /// <summary>Adds a node of <paramref name="op"/> whose output is named <paramref name="output"/>.</summary>
    public void Node(string op, IReadOnlyList<string> inputs, string output, params (string Name, object Value)[] attributes) =>
        Add(op, inputs, [output], attributes);

    /// <summary>Adds a node of <paramref name="op"/> with <paramref name="outputs"/> fresh outputs and returns their names.</summary>
    public string[] Node(string op, IReadOnlyList<string> inputs, int outputs, params (string Name, object Value)[] attributes)
    {
        string[] names = new string[outputs];
        for (int k = 0; k < outputs; k++)
            names[k] = Fresh(op);
        Add(op, inputs, names, attributes);
        return names;
    }

    private void Add(string op, IReadOnlyList<string> inputs, string[] outputs, (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{Graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (name, value) in attributes)
            node.Attribute.Add(Attribute(name, value));
        Graph.Node.Add(node);
    }

    private static AttributeProto Attribute(string name, object value)
    {
        var attribute = new AttributeProto { Name = name };
        switch (value)
        {
            case int or long:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case float f:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = f;
                break;
            case string s:
                attribute.Type = AttributeProto.Types.AttributeType.String;
                attribute.S = ByteString.CopyFromUtf8(s);
                break;
            case long[] ints:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(ints);
                break;
            default:
                throw new ArgumentException($"Attribute '{name}' has a type ONNX export does not write: {value.GetType().Name}.", nameof(value));
        }
        return attribute;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, IReadOnlyList<Dim> dims, string doc)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim.Name is { } param ? new TensorShapeProto.Types.Dimension { DimParam = param }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Size });
        return new ValueInfoProto
        {
            Name = name,
            DocString = doc,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private string Fresh(string stem) => $"{stem}_{_next++}";
}

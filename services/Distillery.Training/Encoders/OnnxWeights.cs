using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Distillery.Training.Encoders;

/// <summary>One weight tensor: its shape and its values, row-major.</summary>
public sealed record WeightTensor(long[] Shape, float[] Values);

/// <summary>
/// The weights of a BERT encoder exported to ONNX, by their PyTorch names
/// (<c>embeddings.word_embeddings.weight</c>, <c>encoder.layer.0.attention.self.query.weight</c>, …).
/// The file is read as a protobuf <c>ModelProto</c> by field number (no ONNX library): the graph's
/// initializers, and its nodes to name the linear layers' weights, which the exporter leaves
/// unnamed and transposed (a <c>MatMul</c> by an anonymous initializer whose output an <c>Add</c>
/// of a named <c>….bias</c> takes): the weight of that layer is the initializer transposed.
/// </summary>
public static class OnnxWeights
{
    // ModelProto.graph; GraphProto.node, .initializer; TensorProto fields; NodeProto fields.
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorFloatData = 4;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeOpType = 4;
    private const int FloatType = 1;

    public static Dictionary<string, WeightTensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new EncoderFilesException($"encoder model file '{path}' does not exist");
        }

        try
        {
            return Read(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            throw new EncoderFilesException($"encoder model file '{path}' is not a readable ONNX model: {e.Message}", e);
        }
    }

    public static Dictionary<string, WeightTensor> Read(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var initializers = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        var nodes = new List<Node>();
        var input = new CodedInputStream(model);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == ModelGraph && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                ReadGraph(input.ReadBytes(), initializers, nodes);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return Name(initializers, nodes);
    }

    private static void ReadGraph(ByteString graph, Dictionary<string, WeightTensor> initializers, List<Node> nodes)
    {
        var input = graph.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case GraphNode:
                    nodes.Add(ReadNode(input.ReadBytes()));
                    break;
                case GraphInitializer:
                    if (ReadTensor(input.ReadBytes()) is { } tensor)
                    {
                        initializers[tensor.Name] = tensor.Tensor;
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
    }

    private static Node ReadNode(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var node = new Node();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case NodeInput:
                    node.Inputs.Add(input.ReadString());
                    break;
                case NodeOutput:
                    node.Outputs.Add(input.ReadString());
                    break;
                case NodeOpType:
                    node.OpType = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return node;
    }

    /// <summary>A float tensor with its name; null for other element types (position ids, shapes).</summary>
    private static (string Name, WeightTensor Tensor)? ReadTensor(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var dims = new List<long>();
        var floats = new List<float>();
        var dataType = 0;
        var name = string.Empty;
        ByteString? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var packed = WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case TensorDims when packed:
                    var dimsInput = input.ReadBytes().CreateCodedInput();
                    while (!dimsInput.IsAtEnd)
                    {
                        dims.Add(dimsInput.ReadInt64());
                    }

                    break;
                case TensorDims:
                    dims.Add(input.ReadInt64());
                    break;
                case TensorDataType:
                    dataType = input.ReadInt32();
                    break;
                case TensorFloatData when packed:
                    floats.AddRange(MemoryMarshal.Cast<byte, float>(input.ReadBytes().Span).ToArray());
                    break;
                case TensorFloatData:
                    floats.Add(input.ReadFloat());
                    break;
                case TensorName:
                    name = input.ReadString();
                    break;
                case TensorRawData:
                    raw = input.ReadBytes();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        if (dataType != FloatType)
        {
            return null;
        }

        // raw_data is little-endian, as is every platform this runs on.
        var values = raw is not null ? MemoryMarshal.Cast<byte, float>(raw.Span).ToArray() : [.. floats];
        var expected = dims.Aggregate(1L, (product, dim) => product * dim);
        return values.Length == expected
            ? (name, new WeightTensor([.. dims], values))
            : throw new InvalidDataException($"initializer '{name}' has {values.Length} values for shape [{string.Join(", ", dims)}]");
    }

    private static Dictionary<string, WeightTensor> Name(Dictionary<string, WeightTensor> initializers, List<Node> nodes)
    {
        var consumers = nodes.SelectMany(node => node.Inputs.Select(input => (input, node)))
            .ToLookup(pair => pair.input, pair => pair.node, StringComparer.Ordinal);
        var named = initializers.Where(pair => pair.Key.Contains('.', StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        foreach (var matMul in nodes.Where(node => node.OpType == "MatMul" && node.Inputs.Count == 2 && node.Outputs.Count == 1))
        {
            if (!initializers.TryGetValue(matMul.Inputs[1], out var weight) || weight.Shape.Length != 2)
            {
                continue;
            }

            var bias = consumers[matMul.Outputs[0]]
                .Where(node => node.OpType == "Add")
                .SelectMany(node => node.Inputs)
                .FirstOrDefault(name => name.EndsWith(".bias", StringComparison.Ordinal) && initializers.ContainsKey(name));
            if (bias is null)
            {
                continue;
            }

            named[string.Concat(bias.AsSpan(0, bias.Length - ".bias".Length), ".weight")] = Transpose(weight);
        }

        return named;
    }

    /// <summary>ONNX's <c>[in, out]</c> MatMul operand as PyTorch's <c>[out, in]</c> linear weight.</summary>
    private static WeightTensor Transpose(WeightTensor weight)
    {
        var (rows, columns) = ((int)weight.Shape[0], (int)weight.Shape[1]);
        var values = new float[weight.Values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                values[(c * rows) + r] = weight.Values[(r * columns) + c];
            }
        }

        return new WeightTensor([columns, rows], values);
    }

    private sealed class Node
    {
        public List<string> Inputs { get; } = [];

        public List<string> Outputs { get; } = [];

        public string OpType { get; set; } = string.Empty;
    }
}

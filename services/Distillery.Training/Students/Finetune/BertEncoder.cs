using Distillery.Training.Encoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Distillery.Training.Students.Finetune;

/// <summary>The shape of a BERT encoder.</summary>
public sealed record BertConfig(int VocabularySize, int Hidden, int Layers, int Heads, int Intermediate, int MaxPositions, int TokenTypes, double LayerNormEps = 1e-12, double Dropout = 0.1)
{
    /// <summary>
    /// The shape that <paramref name="weights"/> (read from an ONNX export) have. The head count is
    /// not in the weights: all-MiniLM-L6-v2 has 12 heads of 32, other BERTs heads of 64.
    /// </summary>
    public static BertConfig Of(string encoder, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        long[] Shape(string name) => weights.TryGetValue(name, out var tensor)
            ? tensor.Shape
            : throw new EncoderFilesException($"encoder '{encoder}': its model has no weight '{name}' (not a BERT encoder?)");
        var words = Shape("embeddings.word_embeddings.weight");
        var positions = Shape("embeddings.position_embeddings.weight");
        var types = Shape("embeddings.token_type_embeddings.weight");
        var intermediate = Shape("encoder.layer.0.intermediate.dense.weight");
        var layers = 0;
        while (weights.ContainsKey($"encoder.layer.{layers}.attention.self.query.weight"))
        {
            layers++;
        }

        var hidden = (int)words[1];
        var heads = encoder == PackagedMiniLm.Name ? hidden / 32 : hidden / 64;
        return new BertConfig((int)words[0], hidden, layers, heads, (int)intermediate[0], (int)positions[0], (int)types[0]);
    }
}

/// <summary>
/// A BERT encoder in TorchSharp, with Hugging Face's parameter names so that an export's weights
/// load by name: embeddings (word, position, token type, LayerNorm), then layers of self-attention
/// and a GELU (erf) feed-forward, each followed by a residual LayerNorm. Returns the last hidden state.
/// </summary>
public sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly BertEmbeddings _embeddings;
    private readonly ModuleList<BertLayer> _layers;

    public BertEncoder(BertConfig config)
        : base("bert")
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _embeddings = new BertEmbeddings(config);
        _layers = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new BertLayer(config)).ToArray());
        register_module("embeddings", _embeddings);
        register_module("encoder", new BertLayers(_layers));
    }

    public BertConfig Config { get; }

    /// <summary>The modules trained or frozen together: the embeddings, then each layer.</summary>
    public IEnumerable<nn.Module> Blocks => new nn.Module[] { _embeddings }.Concat(_layers);

    /// <summary><paramref name="inputIds"/>, <paramref name="attentionMask"/>, <paramref name="tokenTypeIds"/>: <c>[batch, length]</c> int64.</summary>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        using var scope = NewDisposeScope();

        // Padding is masked out of every attention: the scores of padded keys become the float minimum.
        var padded = attentionMask.eq(HeldScalars.Zero).unsqueeze(1).unsqueeze(2);
        var hidden = _embeddings.call(inputIds, tokenTypeIds);
        foreach (var layer in _layers)
        {
            hidden = layer.call(hidden, padded);
        }

        return hidden.MoveToOuterDisposeScope();
    }

    /// <summary>Copies <paramref name="weights"/> into the parameters of the same names; every parameter must be there with its shape.</summary>
    public void Load(IReadOnlyDictionary<string, WeightTensor> weights, string encoder)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (!weights.TryGetValue(name, out var weight))
            {
                throw new EncoderFilesException($"encoder '{encoder}': its model has no weight '{name}'");
            }

            if (!weight.Shape.SequenceEqual(parameter.shape))
            {
                throw new EncoderFilesException($"encoder '{encoder}': weight '{name}' has shape [{string.Join(", ", weight.Shape)}], expected [{string.Join(", ", parameter.shape)}]");
            }

            // Straight from the shared array (pinned for the copy), without the copy tensor() would make of it.
            using var flat = as_tensor(weight.Values);
            using var source = flat.view(weight.Shape);
            parameter.copy_(source);
        }
    }

    private sealed class BertLayers : nn.Module
    {
        public BertLayers(ModuleList<BertLayer> layers)
            : base("encoder")
        {
            register_module("layer", layers);
        }
    }
}

internal sealed class BertEmbeddings : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding _words;
    private readonly Embedding _positions;
    private readonly Embedding _types;
    private readonly LayerNorm _norm;
    private readonly Dropout _dropout;

    public BertEmbeddings(BertConfig config)
        : base("embeddings")
    {
        _words = nn.Embedding(config.VocabularySize, config.Hidden);
        _positions = nn.Embedding(config.MaxPositions, config.Hidden);
        _types = nn.Embedding(config.TokenTypes, config.Hidden);
        _norm = nn.LayerNorm(config.Hidden, config.LayerNormEps);
        _dropout = nn.Dropout(config.Dropout);
        register_module("word_embeddings", _words);
        register_module("position_embeddings", _positions);
        register_module("token_type_embeddings", _types);
        register_module("LayerNorm", _norm);
        register_module("dropout", _dropout);
    }

    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds)
    {
        using var scope = NewDisposeScope();
        using var length = inputIds.shape[1].ToScalar();
        var positions = arange(HeldScalars.Zero, length, HeldScalars.One, dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0);
        var sum = _words.call(inputIds) + _positions.call(positions) + _types.call(tokenTypeIds);
        return _dropout.call(_norm.call(sum)).MoveToOuterDisposeScope();
    }
}

internal sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly int _heads;
    private readonly int _headSize;
    private readonly Linear _query;
    private readonly Linear _key;
    private readonly Linear _value;
    private readonly Dropout _attentionDropout;
    private readonly Linear _attentionOutput;
    private readonly LayerNorm _attentionNorm;
    private readonly Linear _intermediate;
    private readonly Linear _output;
    private readonly LayerNorm _outputNorm;
    private readonly Dropout _dropout;

    // Held for the module's life: a temporary scalar could be finalised while libtorch reads it (HeldScalars).
    private readonly Scalar _scoreScale;

    public BertLayer(BertConfig config)
        : base("layer")
    {
        _heads = config.Heads;
        _headSize = config.Hidden / config.Heads;
        _scoreScale = Math.Sqrt(_headSize).ToScalar();
        _query = nn.Linear(config.Hidden, config.Hidden);
        _key = nn.Linear(config.Hidden, config.Hidden);
        _value = nn.Linear(config.Hidden, config.Hidden);
        _attentionDropout = nn.Dropout(config.Dropout);
        _attentionOutput = nn.Linear(config.Hidden, config.Hidden);
        _attentionNorm = nn.LayerNorm(config.Hidden, config.LayerNormEps);
        _intermediate = nn.Linear(config.Hidden, config.Intermediate);
        _output = nn.Linear(config.Intermediate, config.Hidden);
        _outputNorm = nn.LayerNorm(config.Hidden, config.LayerNormEps);
        _dropout = nn.Dropout(config.Dropout);

        // Hugging Face's names: attention.self.{query,key,value}, attention.output.{dense,LayerNorm},
        // intermediate.dense, output.{dense,LayerNorm}.
        var self = new Holder("self", ("query", _query), ("key", _key), ("value", _value));
        var attentionOutput = new Holder("output", ("dense", _attentionOutput), ("LayerNorm", _attentionNorm));
        register_module("attention", new Holder("attention", ("self", self), ("output", attentionOutput)));
        register_module("intermediate", new Holder("intermediate", ("dense", _intermediate)));
        register_module("output", new Holder("output", ("dense", _output), ("LayerNorm", _outputNorm)));
        register_module("dropout", _dropout);
        register_module("attention_dropout", _attentionDropout);
    }

    /// <summary><paramref name="padded"/>: <c>[batch, 1, 1, length]</c>, true at padding.</summary>
    public override Tensor forward(Tensor hidden, Tensor padded)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (hidden.shape[0], hidden.shape[1]);
        Tensor Heads(Tensor x) => x.view(batch, length, _heads, _headSize).transpose(1, 2);
        var query = Heads(_query.call(hidden));
        var key = Heads(_key.call(hidden));
        var value = Heads(_value.call(hidden));
        var scores = query.matmul(key.transpose(-1, -2)) / _scoreScale;
        scores = scores.masked_fill(padded, HeldScalars.MaskedScore);
        var attention = _attentionDropout.call(nn.functional.softmax(scores, -1));
        var context = attention.matmul(value).transpose(1, 2).contiguous().view(batch, length, _heads * _headSize);
        var attended = _attentionNorm.call(hidden + _dropout.call(_attentionOutput.call(context)));
        var intermediate = nn.functional.gelu(_intermediate.call(attended));
        return _outputNorm.call(attended + _dropout.call(_output.call(intermediate))).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scoreScale.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A container that only names its children (Hugging Face's nesting).</summary>
    private sealed class Holder : nn.Module
    {
        public Holder(string name, params (string Name, nn.Module Module)[] children)
            : base(name)
        {
            foreach (var (childName, module) in children)
            {
                register_module(childName, module);
            }
        }
    }
}

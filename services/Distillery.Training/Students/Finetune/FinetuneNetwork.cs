using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Distillery.Training.Students.Finetune;

/// <summary>
/// The encoder, mean pooling of its last hidden state over the real (unpadded) tokens, and a
/// linear layer to one logit per label. Parameters are named as in Hugging Face's
/// <c>BertForSequenceClassification</c>: <c>bert.…</c> and <c>classifier.weight</c>, <c>classifier.bias</c>.
/// </summary>
internal sealed class FinetuneNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertEncoder _encoder;
    private readonly Linear _classifier;

    public FinetuneNetwork(BertConfig config, int classes)
        : base("finetune")
    {
        _encoder = new BertEncoder(config);
        _classifier = nn.Linear(config.Hidden, classes);
        register_module("bert", _encoder);
        register_module("classifier", _classifier);
    }

    public BertEncoder Encoder => _encoder;

    /// <summary>Logits <c>[batch, classes]</c> for <c>[batch, length]</c> token ids and attention mask (single segment).</summary>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = _encoder.call(inputIds, attentionMask, zeros_like(inputIds));
        var mask = attentionMask.unsqueeze(-1).to_type(hidden.dtype);
        var pooled = (hidden * mask).sum(1) / mask.sum(1).clamp_min(HeldScalars.PoolingFloor);
        return _classifier.call(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>The parameters a <paramref name="freezeLayers"/> setting leaves trainable: the encoder's unfrozen layers and the classifier.</summary>
    public HashSet<string> Trainable(int freezeLayers)
    {
        var frozen = new HashSet<string>(StringComparer.Ordinal);
        if (freezeLayers > 0)
        {
            foreach (var (name, _) in _encoder.named_parameters().Where(p => p.name.StartsWith("embeddings.", StringComparison.Ordinal)))
            {
                frozen.Add($"bert.{name}");
            }

            for (var layer = 0; layer < freezeLayers; layer++)
            {
                var prefix = $"encoder.layer.{layer}.";
                foreach (var (name, _) in _encoder.named_parameters().Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    frozen.Add($"bert.{name}");
                }
            }
        }

        return [.. named_parameters().Select(p => p.name).Where(name => !frozen.Contains(name))];
    }
}

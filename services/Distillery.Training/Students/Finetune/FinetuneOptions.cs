using Distillery.Training.Encoders;

namespace Distillery.Training.Students.Finetune;

/// <summary>Settings of the <c>finetune</c> student (the spec's names in brackets).</summary>
public sealed record FinetuneOptions
{
    /// <summary>The pretrained encoder, by its catalog name (<c>encoder</c>).</summary>
    public string Encoder { get; init; } = PackagedMiniLm.Name;

    /// <summary>Tokens per text, <c>[CLS]</c> and <c>[SEP]</c> included; longer texts are cut (<c>max_length</c>).</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>The most passes over the training items (<c>epochs</c>); early stopping may end sooner.</summary>
    public int Epochs { get; init; } = 3;

    public int BatchSize { get; init; } = 16;

    /// <summary>AdamW's peak learning rate, reached after the warm-up and decayed linearly to 0 (<c>learning_rate</c>).</summary>
    public double LearningRate { get; init; } = 3e-5;

    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Share of the steps over which the learning rate rises linearly from 0 (<c>warmup_fraction</c>).</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>Keeps the embeddings and the first N encoder layers as pretrained (<c>freeze_layers</c>; 0 trains all).</summary>
    public int FreezeLayers { get; init; }

    public ClassWeight ClassWeight { get; init; } = ClassWeight.None;

    /// <summary>Share of each class held out to stop on (<c>validation_fraction</c>); 0 trains every epoch on everything.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Epochs without a better validation loss before stopping (<c>patience</c>).</summary>
    public int Patience { get; init; } = 1;

    /// <summary>libtorch's threads (<c>threads</c>); 0 leaves its default of one per core. Results can differ by thread count.</summary>
    public int Threads { get; init; }
}

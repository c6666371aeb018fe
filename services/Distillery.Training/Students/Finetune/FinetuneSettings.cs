using Distillery.Training.Encoders;
using Distillery.Training.Service;

namespace Distillery.Training.Students.Finetune;

/// <summary>The <c>finetune</c> student from a spec's settings, each checked when the spec is read.</summary>
public static class FinetuneSettings
{
    /// <summary>The most tokens a BERT encoder's position embeddings allow; the encoder's own limit is checked again at fit time.</summary>
    public const int MaxLengthLimit = 512;

    /// <summary>The layers all-MiniLM-L6-v2 has.</summary>
    public const int MaxFreezeLayers = 6;

    public static FinetuneStudent Create(StudentSettings settings, IEncoderCatalog encoders)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(encoders);
        var defaults = new FinetuneOptions();
        return new FinetuneStudent(encoders, new FinetuneOptions
        {
            Encoder = settings.Choice("encoder", encoders.Names) ?? defaults.Encoder,
            MaxLength = settings.WholeNumber("max_length", 2, MaxLengthLimit) ?? defaults.MaxLength,
            Epochs = settings.WholeNumber("epochs", 1, 1_000) ?? defaults.Epochs,
            BatchSize = settings.WholeNumber("batch_size", 1, 4_096) ?? defaults.BatchSize,
            LearningRate = settings.Number("learning_rate", 1e-9, 1) ?? defaults.LearningRate,
            WeightDecay = settings.Number("weight_decay", 0, 1) ?? defaults.WeightDecay,
            WarmupFraction = settings.Number("warmup_fraction", 0, 0.9) ?? defaults.WarmupFraction,
            FreezeLayers = settings.WholeNumber("freeze_layers", 0, MaxFreezeLayers) ?? defaults.FreezeLayers,
            ClassWeight = settings.ClassWeight("class_weight") ?? defaults.ClassWeight,
            ValidationFraction = settings.Number("validation_fraction", 0, 0.5) ?? defaults.ValidationFraction,
            Patience = settings.WholeNumber("patience", 1, 1_000) ?? defaults.Patience,
            Threads = settings.WholeNumber("threads", 0, 1_024) ?? defaults.Threads,
        });
    }
}

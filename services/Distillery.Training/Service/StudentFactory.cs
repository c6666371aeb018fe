using Distillery.Contracts.Training;
using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;
using Distillery.Training.Features;
using Distillery.Training.Models;
using Distillery.Training.Students;
using Distillery.Training.Students.EmbeddingLogReg;
using Distillery.Training.Students.EmbeddingMlp;
using Distillery.Training.Students.Finetune;
using Distillery.Training.Students.TfidfLogReg;

namespace Distillery.Training.Service;

/// <summary>Turns a student specification (kind and settings from the job spec) into a student, checking every setting.</summary>
public sealed class StudentFactory
{
    private readonly Dictionary<string, Func<StudentSettings, IStudent>> _kinds = new(StringComparer.Ordinal)
    {
        [TfidfLogRegStudent.KindName] = TfidfLogReg,
        [FinetuneStudent.KindName] = settings => FinetuneSettings.Create(settings, DefaultEncoders.Value),
    };

    /// <summary>The machine's encoders (the packaged MiniLM), for <c>finetune</c>.</summary>
    private static readonly Lazy<IEncoderCatalog> DefaultEncoders = new(() => new EncoderCatalog());

    public StudentFactory()
    {
    }

    /// <summary>
    /// With the embedding students, whose texts a pretrained encoder from <paramref name="encoders"/>
    /// turns into vectors (settings <c>encoder</c> and <c>max_length</c>). Creating a student loads
    /// nothing: the encoder is loaded when the student first embeds.
    /// </summary>
    public StudentFactory(EncoderEmbeddingSource encoders)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        _kinds[EmbeddingLogRegStudent.KindName] = settings => EmbeddingLogReg(settings, Embeddings(settings, encoders));
        _kinds[EmbeddingMlpStudent.KindName] = settings => EmbeddingMlp(settings, Embeddings(settings, encoders));
        _kinds[FinetuneStudent.KindName] = settings => FinetuneSettings.Create(settings, encoders.Catalog);
    }

    public IReadOnlyCollection<string> Kinds => _kinds.Keys;

    /// <summary>Adds a kind (the embedding students, whose provider comes from the host).</summary>
    public StudentFactory Add(string kind, Func<StudentSettings, IStudent> create)
    {
        _kinds[kind] = create;
        return this;
    }

    public StudentRecipe Create(StudentSpecification specification)
    {
        if (!_kinds.TryGetValue(specification.Kind, out var create))
        {
            throw new StudentTrainingException($"student '{specification.Name}': unknown kind '{specification.Kind}' (known: {string.Join(", ", Kinds.Order(StringComparer.Ordinal))})");
        }

        var settings = new StudentSettings(specification.Name, specification.Settings);
        var recipe = new StudentRecipe(
            create(settings),
            settings.Flag("soft_labels") ?? false,
            settings.Number("min_confidence", 0, 1));
        settings.RejectUnknown();
        return recipe;
    }

    /// <summary>The settings <c>encoder</c> (default all-minilm-l6-v2) and <c>max_length</c> (default 256, at most the encoder's limit).</summary>
    private static IEmbeddingProvider Embeddings(StudentSettings settings, EncoderEmbeddingSource encoders)
    {
        var encoder = settings.Text("encoder") ?? PackagedMiniLm.Name;
        if (!encoders.Encoders.Contains(encoder))
        {
            throw new StudentTrainingException(
                $"student '{settings.Student}': setting 'encoder' must name a known encoder, not '{encoder}' (known: {string.Join(", ", encoders.Encoders.Order(StringComparer.Ordinal))})")
            {
                Setting = "encoder",
            };
        }

        var limit = encoders.MaxLengthOf(encoder);
        var maxLength = settings.WholeNumber("max_length", 2, limit) ?? Math.Min(EncoderEmbeddingSource.DefaultMaxLength, limit);
        return encoders.Get(encoder, maxLength);
    }

    private static EmbeddingLogRegStudent EmbeddingLogReg(StudentSettings settings, IEmbeddingProvider embeddings)
    {
        var defaults = new EmbeddingLogRegOptions();
        return new EmbeddingLogRegStudent(embeddings, new EmbeddingLogRegOptions
        {
            C = settings.Number("C", 1e-6, 1e6) ?? defaults.C,
            ClassWeight = settings.ClassWeight("class_weight") ?? defaults.ClassWeight,
        });
    }

    private static EmbeddingMlpStudent EmbeddingMlp(StudentSettings settings, IEmbeddingProvider embeddings)
    {
        var defaults = new EmbeddingMlpOptions();
        var mlp = defaults.Mlp;
        return new EmbeddingMlpStudent(embeddings, new EmbeddingMlpOptions
        {
            ValidationFraction = settings.Number("validation_fraction", 0, 0.5) ?? defaults.ValidationFraction,
            ClassWeight = settings.ClassWeight("class_weight") ?? defaults.ClassWeight,
            Mlp = new MlpOptions
            {
                HiddenSize = settings.WholeNumber("hidden_size", 1, 4096) ?? mlp.HiddenSize,
                BatchSize = settings.WholeNumber("batch_size", 1, 4096) ?? mlp.BatchSize,
                MaxEpochs = settings.WholeNumber("max_epochs", 1, 10_000) ?? mlp.MaxEpochs,
                Patience = settings.WholeNumber("patience", 1, 1_000) ?? mlp.Patience,
                LearningRate = settings.Number("learning_rate", 1e-7, 1) ?? mlp.LearningRate,
                WeightDecay = settings.Number("weight_decay", 0, 1) ?? mlp.WeightDecay,
            },
        });
    }

    private static TfidfLogRegStudent TfidfLogReg(StudentSettings settings)
    {
        var defaults = new TfidfLogRegOptions();
        var c = settings.Text("C");
        return new TfidfLogRegStudent(new TfidfLogRegOptions
        {
            // C: a number, or "cv" to choose it from c_grid by cross-validation.
            C = c is null ? defaults.C : string.Equals(c, "cv", StringComparison.OrdinalIgnoreCase) ? null : settings.Number("C", 1e-6, 1e6),
            CGrid = settings.Numbers("c_grid", 1e-6) ?? defaults.CGrid,
            CvFolds = settings.WholeNumber("cv_folds", 2, 20) ?? defaults.CvFolds,
            ClassWeight = settings.ClassWeight("class_weight") ?? defaults.ClassWeight,
            Tfidf = new TfidfOptions
            {
                NGramMax = settings.WholeNumber("ngram_max", 1, 5) ?? defaults.Tfidf.NGramMax,
                CharNGrams = settings.Flag("char_ngrams") ?? defaults.Tfidf.CharNGrams,
                SublinearTf = settings.Flag("sublinear_tf") ?? defaults.Tfidf.SublinearTf,
                MinDf = settings.Number("min_df", 0) ?? defaults.Tfidf.MinDf,
                MaxDf = settings.Number("max_df", 1e-9) ?? defaults.Tfidf.MaxDf,
                MaxFeatures = settings.WholeNumber("max_features", 1, int.MaxValue) ?? defaults.Tfidf.MaxFeatures,
            },
        });
    }
}

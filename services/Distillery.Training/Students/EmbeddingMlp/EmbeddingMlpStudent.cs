using Distillery.Training.Embeddings;
using Distillery.Training.Models;

namespace Distillery.Training.Students.EmbeddingMlp;

/// <summary>
/// <c>embedding-mlp</c>: the provider's sentence embeddings, one ReLU hidden layer and a softmax,
/// trained by AdamW on the cross-entropy against the targets (hard or the teacher's soft
/// probabilities), stopping early on a stratified held-out slice of the training set. It can
/// learn what a linear probe cannot, at the price of a seed-dependent fit.
/// </summary>
public sealed class EmbeddingMlpStudent(IEmbeddingProvider provider, EmbeddingMlpOptions options) : IStudent
{
    public const string KindName = "embedding-mlp";

    public string Kind => KindName;

    public IEmbeddingProvider Provider { get; } = provider ?? throw new ArgumentNullException(nameof(provider));

    public EmbeddingMlpOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public async Task<FittedStudent> FitAsync(TrainingSet data, ulong seed, IProgress<StudentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var embeddings = await ProviderEmbeddings.EmbedCheckedAsync(Provider, data.Texts, cancellationToken, progress);
        var embedSeconds = clock.Elapsed.TotalSeconds;
        var weights = ClassWeights.For(data.Targets, Options.ClassWeight);
        var (train, held) = StratifiedHoldout.Split(data.HardLabels(), Options.ValidationFraction, seed);
        var (head, report) = MlpTrainer.Fit(embeddings, data.Targets, weights, train, held, Options.Mlp, seed, cancellationToken);
        var diagnostics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["epochs"] = report.Epochs,
            ["best_epoch"] = report.BestEpoch,
            ["best_validation_loss"] = report.BestValidationLoss,
            ["steps"] = report.Steps,
            ["train_items"] = train.Length,
            ["validation_items"] = held.Length,
            ["embed_seconds"] = embedSeconds,
            ["optimize_seconds"] = clock.Elapsed.TotalSeconds - embedSeconds,
        };
        return new FittedStudent(new EmbeddingStudentModel(KindName, data.Labels, Provider, head), diagnostics);
    }
}

using Distillery.Training.Embeddings;
using Distillery.Training.Features;
using Distillery.Training.Models;

namespace Distillery.Training.Students.EmbeddingLogReg;

/// <summary>
/// <c>embedding-logreg</c>: the provider's sentence embeddings and the same L2-regularised
/// logistic regression as <c>tfidf-logreg</c>, fitted to convergence by L-BFGS. A linear probe:
/// it shows how much of the task the embedding already separates. The fit has no randomness,
/// so the seed does not change it.
/// </summary>
public sealed class EmbeddingLogRegStudent(IEmbeddingProvider provider, EmbeddingLogRegOptions options) : IStudent
{
    public const string KindName = "embedding-logreg";

    public string Kind => KindName;

    public IEmbeddingProvider Provider { get; } = provider ?? throw new ArgumentNullException(nameof(provider));

    public EmbeddingLogRegOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public async Task<FittedStudent> FitAsync(TrainingSet data, ulong seed, IProgress<StudentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var embeddings = await ProviderEmbeddings.EmbedCheckedAsync(Provider, data.Texts, cancellationToken, progress);
        var embedSeconds = clock.Elapsed.TotalSeconds;
        var x = SparseMatrix.FromDense(embeddings, Provider.Dimension);
        var weights = ClassWeights.For(data.Targets, Options.ClassWeight);
        var (head, optimisation) = LogisticRegressionTrainer.Fit(x, data.Targets, weights, Options.C, cancellationToken);
        var diagnostics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["c"] = Options.C,
            ["features"] = Provider.Dimension,
            ["iterations"] = optimisation.Iterations,
            ["converged"] = optimisation.Converged ? 1 : 0,
            ["embed_seconds"] = embedSeconds,
            ["optimize_seconds"] = clock.Elapsed.TotalSeconds - embedSeconds,
        };
        return new FittedStudent(new EmbeddingStudentModel(KindName, data.Labels, Provider, new LogisticEmbeddingHead(head)), diagnostics);
    }
}

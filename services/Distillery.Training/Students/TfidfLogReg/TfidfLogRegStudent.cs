using Distillery.Domain.Metrics;
using Distillery.Training.Features;
using Distillery.Training.Models;

namespace Distillery.Training.Students.TfidfLogReg;

/// <summary>
/// <c>tfidf-logreg</c>: word 1-2 gram TF-IDF features and an L2-regularised logistic
/// regression fitted to convergence by L-BFGS, the classic strong baseline for text
/// classification and the student the paper's results are most often compared with.
/// </summary>
public sealed class TfidfLogRegStudent(TfidfLogRegOptions options) : IStudent
{
    public const string KindName = "tfidf-logreg";

    public string Kind => KindName;

    public TfidfLogRegOptions Options { get; } = options;

    public Task<FittedStudent> FitAsync(TrainingSet data, ulong seed, IProgress<StudentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var diagnostics = new Dictionary<string, double>(StringComparer.Ordinal);
        var c = Options.C ?? ChooseC(data, seed, diagnostics, cancellationToken);
        var model = Fit(data, c, cancellationToken, diagnostics);
        diagnostics["c"] = c;
        return Task.FromResult(new FittedStudent(model, diagnostics));
    }

    private TfidfLogRegModel Fit(TrainingSet data, double c, CancellationToken cancellationToken, Dictionary<string, double>? diagnostics = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (vectorizer, x) = TfidfVectorizer.FitTransform(data.Texts, Options.Tfidf);
        if (vectorizer.Terms.Count == 0)
        {
            throw new StudentTrainingException(
                $"task '{data.Task}': no term survives tokenisation and min_df={Options.Tfidf.MinDf} in {data.Count} training texts (are they empty?)");
        }

        var vectorizeSeconds = clock.Elapsed.TotalSeconds;
        var weights = ClassWeights.For(data.Targets, Options.ClassWeight);
        var (head, optimisation) = LogisticRegressionTrainer.Fit(x, data.Targets, weights, c, cancellationToken);
        if (diagnostics is not null)
        {
            diagnostics["features"] = vectorizer.Terms.Count;
            diagnostics["iterations"] = optimisation.Iterations;
            diagnostics["converged"] = optimisation.Converged ? 1 : 0;
            diagnostics["vectorize_seconds"] = vectorizeSeconds;
            diagnostics["optimize_seconds"] = clock.Elapsed.TotalSeconds - vectorizeSeconds;
        }

        return new TfidfLogRegModel(data.Labels, vectorizer, head);
    }

    private double ChooseC(TrainingSet data, ulong seed, Dictionary<string, double> diagnostics, CancellationToken cancellationToken)
    {
        var labels = data.HardLabels();
        var folds = StratifiedFolds.Assign(labels, Options.CvFolds, seed);
        var best = (C: Options.CGrid[0], Score: double.NegativeInfinity);
        foreach (var c in Options.CGrid)
        {
            var scores = new List<double>();
            for (var fold = 0; fold < Options.CvFolds; fold++)
            {
                var train = Enumerable.Range(0, data.Count).Where(i => folds[i] != fold).ToList();
                var held = Enumerable.Range(0, data.Count).Where(i => folds[i] == fold).ToList();
                if (held.Count == 0)
                {
                    continue;
                }

                var model = Fit(data.Subset(train), c, cancellationToken);
                var predicted = model.PredictIndices(held.Select(i => data.Texts[i]).ToList());
                var truth = held.Select(i => data.Labels[labels[i]]).ToList();
                scores.Add(ConfusionMatrix.From(truth, [.. predicted.Select(k => data.Labels[k])], data.Labels).MacroAverage.F1);
            }

            var mean = scores.Average();
            diagnostics[$"cv_macro_f1_c_{c}"] = mean;
            if (mean > best.Score)
            {
                best = (c, mean);
            }
        }

        diagnostics["cv_macro_f1"] = best.Score;
        return best.C;
    }
}

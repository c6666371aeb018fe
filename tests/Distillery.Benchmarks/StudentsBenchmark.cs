using System.Diagnostics;
using System.Globalization;
using Distillery.Domain.Data;
using Distillery.Domain.Metrics;
using Distillery.Domain.Splits;
using Distillery.Domain.Tasks;
using Distillery.Testing;
using Distillery.Training.Features;
using Distillery.Training.Students;
using Distillery.Training.Students.TfidfLogReg;
using Spectre.Console;

namespace Distillery.Benchmarks;

/// <summary>
/// <c>make bench-students</c>: on every benchmark task, the same splits and parameters, our
/// <c>tfidf-logreg</c> against scikit-learn's TfidfVectorizer + LogisticRegression: test F1
/// of both, how often they predict the same label, and training wall time of both (median of
/// several runs, ours after a warm-up), then the medians, and prediction throughput.
/// </summary>
internal static class StudentsBenchmark
{
    private const double C = 10.0;

    public static int Run(string dataFolder, int repeats)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 220;
        }

        var options = new TfidfLogRegOptions { C = C, Tfidf = new TfidfOptions { NGramMax = 2, SublinearTf = true, MinDf = 2, MaxDf = 1.0 } };
        var rows = new List<Row>();
        var tasks = Directory.GetDirectories(dataFolder).Order(StringComparer.Ordinal).Select(folder => Path.Combine(folder, "task.yaml")).Where(File.Exists).ToList();
        if (tasks.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]no tasks in {dataFolder}: run make data first[/]");
            return 1;
        }

        Warm(tasks[0], options);
        (string Name, TfidfLogRegModel Model, IReadOnlyList<string> Texts)? largest = null;
        AnsiConsole.Progress().Start(progress =>
        {
            var bar = progress.AddTask("tasks", maxValue: tasks.Count);
            foreach (var taskFile in tasks)
            {
                var (task, train, test) = Load(taskFile);
                bar.Description = task.Name;
                var labels = new LabelSet(task.Codebook.LabelNames);
                var data = TrainingSet.FromHardLabels(task.Name, [.. train.Select(d => d.Text)], [.. train.Select(d => d.Label!)], labels);
                var ours = new List<double>();
                TfidfLogRegModel? model = null;
                IReadOnlyDictionary<string, double> diagnostics = new Dictionary<string, double>();
                for (var i = 0; i < repeats; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var fitted = new TfidfLogRegStudent(options).FitAsync(data, task.Seed).Result;
                    ours.Add(clock.Elapsed.TotalSeconds);
                    model = (TfidfLogRegModel)fitted.Model;
                    diagnostics = fitted.Diagnostics;
                }

                var testTexts = test.Select(d => d.Text).ToList();
                var ourPredictions = model!.PredictAsync(testTexts).Result;
                var peer = Peer(train, testTexts, repeats);
                var truth = test.Select(d => d.Label!).ToList();
                var positive = task.Codebook.PositiveLabel!;
                rows.Add(new Row(
                    task.Name,
                    train.Count,
                    test.Count,
                    ConfusionMatrix.From(truth, ourPredictions, labels).Binary(positive).F1,
                    ConfusionMatrix.From(truth, peer.Predictions, labels).Binary(positive).F1,
                    ourPredictions.Zip(peer.Predictions).Count(pair => pair.First == pair.Second) / (double)test.Count,
                    Median(ours),
                    peer.FitSeconds,
                    $"{diagnostics["features"]:0}/{peer.Features}",
                    $"{diagnostics["iterations"]:0}/{peer.Iterations}",
                    $"{diagnostics["vectorize_seconds"]:0.000}+{diagnostics["optimize_seconds"]:0.000}"));
                if (largest is null || train.Count + test.Count > largest.Value.Texts.Count)
                {
                    largest = (task.Name, model!, [.. train.Select(d => d.Text), .. testTexts]);
                }

                bar.Increment(1);
            }
        });

        Print(rows);
        Throughput(largest!.Value.Name, largest.Value.Model, largest.Value.Texts);
        return 0;
    }

    private static void Warm(string taskFile, TfidfLogRegOptions options)
    {
        var (task, train, _) = Load(taskFile);
        var labels = new LabelSet(task.Codebook.LabelNames);
        _ = new TfidfLogRegStudent(options).FitAsync(
            TrainingSet.FromHardLabels(task.Name, [.. train.Take(200).Select(d => d.Text)], [.. train.Take(200).Select(d => d.Label!)], labels), 1).Result;
    }

    /// <summary>A task's labelled training pool and its test split, as a job splits them.</summary>
    internal static (TaskSpec Task, IReadOnlyList<Document> Train, IReadOnlyList<Document> Test) Load(string taskFile)
    {
        var task = TaskSpecReader.Load(taskFile);
        var splits = GroupStratifiedSplitter.Split(CorpusLoader.Load(task.Data, task.Codebook), task.Splits, task.Seed, task.Name);
        return (task, [.. splits.TrainingPool.Where(d => d.Label is not null)], splits.Test);
    }

    private static (string[] Predictions, double FitSeconds, int Features, int Iterations) Peer(IReadOnlyList<Document> train, IReadOnlyList<string> test, int repeats)
    {
        var times = new List<double>();
        string[] predictions = [];
        var (features, iterations) = (0, 0);
        for (var i = 0; i < repeats; i++)
        {
            using var result = DebianPython.RunJson(Path.Combine(AppContext.BaseDirectory, "sklearn_students.py"), new
            {
                train_texts = train.Select(d => d.Text),
                train_labels = train.Select(d => d.Label),
                test_texts = test,
                @params = new { ngram_max = 2, sublinear_tf = true, min_df = 2, max_df = 1.0, C, max_iter = 1000, tol = 1e-6, class_weight = (string?)null },
            });
            times.Add(result.RootElement.GetProperty("fit_seconds").GetDouble());
            predictions = [.. result.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetString()!)];
            features = result.RootElement.GetProperty("features").GetInt32();
            iterations = result.RootElement.GetProperty("iterations").GetInt32();
        }

        return (predictions, Median(times), features, iterations);
    }

    private static void Print(List<Row> rows)
    {
        var table = new Table().Title("tfidf-logreg vs scikit-learn (same splits, C=10, word 1-2 grams, sublinear tf, min_df=2)")
            .AddColumns("task", "train", "test", "F1 ours", "F1 sklearn", "|ΔF1|", "same label", "fit s ours", "fit s sklearn", "speed-up", "features ours/sk", "iterations ours/sk", "ours: vectorise+optimise s");
        foreach (var row in rows)
        {
            table.AddRow(row.Task, N(row.Train), N(row.Test), F(row.F1Ours), F(row.F1Peer), F(Math.Abs(row.F1Ours - row.F1Peer)), $"{row.Agreement:P1}", F(row.FitOurs), F(row.FitPeer), $"{row.FitPeer / row.FitOurs:0.0}x", row.Features, row.Iterations, row.Breakdown);
        }

        AnsiConsole.Write(table);
        var medianGap = Median([.. rows.Select(row => Math.Abs(row.F1Ours - row.F1Peer))]);
        var medianSpeedUp = Median([.. rows.Select(row => row.FitPeer / row.FitOurs)]);
        Console.WriteLine($"median |F1 ours - F1 sklearn| = {medianGap:0.0000} (goal <= 0.01)");
        Console.WriteLine($"median training speed-up over scikit-learn = {medianSpeedUp:0.00}x (goal >= 2x)");
        Console.WriteLine($"median prediction agreement = {Median([.. rows.Select(row => row.Agreement)]):P2}");
    }

    private static void Throughput(string task, TfidfLogRegModel model, IReadOnlyList<string> texts)
    {
        var batch = Enumerable.Range(0, 20_000 / texts.Count + 1).SelectMany(_ => texts).Take(20_000).ToList();
        _ = model.PredictAsync(texts.Take(100).ToList()).Result;
        var clock = Stopwatch.StartNew();
        _ = model.PredictAsync(batch).Result;
        Console.WriteLine($"prediction throughput on {task}: {batch.Count / clock.Elapsed.TotalSeconds:N0} documents/s ({batch.Count:N0} documents, {Environment.ProcessorCount} cores)");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record Row(string Task, int Train, int Test, double F1Ours, double F1Peer, double Agreement, double FitOurs, double FitPeer, string Features, string Iterations, string Breakdown);
}

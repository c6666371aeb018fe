using System.Diagnostics;
using System.Globalization;
using Distillery.Domain.Data;
using Distillery.Domain.Metrics;
using Distillery.Domain.Randomness;
using Distillery.Domain.Tasks;
using Distillery.Testing;
using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;
using Distillery.Training.Features;
using Distillery.Training.Students;
using Distillery.Training.Students.EmbeddingLogReg;
using Distillery.Training.Students.Finetune;
using Distillery.Training.Students.TfidfLogReg;
using Spectre.Console;

namespace Distillery.Benchmarks;

/// <summary>
/// <c>make bench-students</c>, second part: the students that start from all-MiniLM-L6-v2
/// against TF-IDF, per task, on the human labels and on a simulated teacher's (the human labels
/// flipped as examples/benchmark-simulated.yaml does), scored on the human test labels. Peers
/// in the same run: scikit-learn's LogisticRegression on the very same vectors (F1 parity) and
/// PyTorch fine-tuning the same BERT from the same ONNX weights, on the same token ids, settings
/// and threads (time per epoch, F1). Also the encoder's throughput at 128 and 256 tokens on 1 and
/// 2 threads. Embeddings go through the file embedding cache, as in local mode: a second run
/// skips the encoder (its embedding time then shows the cache).
/// </summary>
internal static class PretrainedStudentsBenchmark
{
    private const double TfidfC = 10.0;
    private const double EmbeddingC = 1.0;
    private static readonly Dictionary<string, double> NegativeAndPositiveFlips = new(StringComparer.Ordinal) { ["negative"] = 0.12, ["positive"] = 0.05 };

    public static async Task<int> RunAsync(string dataFolder, PretrainedSettings settings)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 240;
        }

        var tasks = Directory.GetDirectories(dataFolder).Order(StringComparer.Ordinal).Select(folder => Path.Combine(folder, "task.yaml"))
            .Where(File.Exists)
            .Where(file => settings.Tasks is null || settings.Tasks.Contains(Path.GetFileName(Path.GetDirectoryName(file))!))
            .ToList();
        if (tasks.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]no tasks in {dataFolder}: run make data first[/]");
            return 1;
        }

        var catalog = new EncoderCatalog();
        var files = await catalog.GetAsync(PackagedMiniLm.Name);
        await Throughput(files, StudentsBenchmark.Load(tasks[0]).Train.Select(d => d.Text).Take(48).ToList());

        using var source = new EncoderEmbeddingSource(catalog, new FileEmbeddingCache(FileEmbeddingCache.DefaultFolder()), settings.Threads);
        var provider = source.Get(PackagedMiniLm.Name, settings.MaxLength);
        var tokenizer = await EncoderTokenizer.LoadAsync(files);
        var rows = new List<Row>();
        foreach (var taskFile in tasks)
        {
            var (task, train, test) = StudentsBenchmark.Load(taskFile);
            var labels = new LabelSet(task.Codebook.LabelNames);
            var positive = task.Codebook.PositiveLabel!;
            var truth = test.Select(d => d.Label!).ToList();
            var trainTexts = train.Select(d => d.Text).ToList();
            var testTexts = test.Select(d => d.Text).ToList();

            var clock = Stopwatch.StartNew();
            var trainVectors = await provider.EmbedAsync(trainTexts);
            var testVectors = await provider.EmbedAsync(testTexts);
            var embedSeconds = clock.Elapsed.TotalSeconds;

            foreach (var (arm, targets) in new[] { ("human", train.Select(d => d.Label!).ToList()), ("teacher", Simulated(task, train, positive)) })
            {
                AnsiConsole.MarkupLineInterpolated($"[grey]{task.Name} / {arm}: {train.Count} train, {test.Count} test[/]");
                var data = TrainingSet.FromHardLabels(task.Name, trainTexts, targets, labels);
                double F1(IReadOnlyList<string> predicted) => ConfusionMatrix.From(truth, predicted, labels).Binary(positive).F1;

                var tfidf = await Fit(new TfidfLogRegStudent(new TfidfLogRegOptions { C = TfidfC, Tfidf = new TfidfOptions { NGramMax = 2, SublinearTf = true, MinDf = 2, MaxDf = 1.0 } }), data, task.Seed, testTexts);
                var embedding = await Fit(new EmbeddingLogRegStudent(provider, new EmbeddingLogRegOptions { C = EmbeddingC }), data, task.Seed, testTexts);
                var sklearn = SklearnOnEmbeddings(trainVectors, targets, testVectors);

                (string[] Predicted, double Seconds, double EpochSeconds)? finetune = null;
                (string[] Predicted, double EpochSeconds)? torch = null;
                if (settings.FinetuneTasks is null || settings.FinetuneTasks.Contains(task.Name))
                {
                    var options = new FinetuneOptions { MaxLength = settings.FinetuneMaxLength, Epochs = settings.Epochs, ValidationFraction = 0, Threads = settings.Threads };
                    var fitted = await Fit(new FinetuneStudent(catalog, options), data, task.Seed, testTexts);
                    finetune = (fitted.Predicted, fitted.Seconds, fitted.Diagnostics["train_seconds"] / fitted.Diagnostics["epochs"]);
                    torch = PyTorch(files, tokenizer, settings, trainTexts, targets, labels, testTexts, task.Seed);
                }

                rows.Add(new Row(
                    task.Name, arm, train.Count, test.Count, embedSeconds,
                    F1(tfidf.Predicted), tfidf.Seconds,
                    F1(embedding.Predicted), embedding.Seconds, F1(sklearn),
                    finetune is { } f ? F1(f.Predicted) : null, finetune?.Seconds, finetune?.EpochSeconds,
                    torch is { } t ? F1(t.Predicted) : null, torch?.EpochSeconds));
            }
        }

        Print(rows, settings);
        return 0;
    }

    /// <summary>The training labels a simulated teacher gives: the human label flipped, 12 % of negatives and 5 % of positives.</summary>
    private static List<string> Simulated(TaskSpec task, IReadOnlyList<Document> train, string positive) =>
        [.. train.Select(document =>
        {
            var random = DeterministicRandom.For(task.Seed, $"{task.Name}/{document.Id}");
            var rate = NegativeAndPositiveFlips[document.Label == positive ? "positive" : "negative"];
            if (random.NextDouble() >= rate)
            {
                return document.Label!;
            }

            var others = task.Codebook.LabelNames.Where(label => label != document.Label).ToList();
            return others[random.NextInt(others.Count)];
        })];

    private static async Task<(string[] Predicted, double Seconds, IReadOnlyDictionary<string, double> Diagnostics)> Fit(IStudent student, TrainingSet data, ulong seed, IReadOnlyList<string> test)
    {
        var clock = Stopwatch.StartNew();
        var fitted = await student.FitAsync(data, seed);
        var seconds = clock.Elapsed.TotalSeconds;
        var probabilities = await fitted.Model.PredictProbabilitiesAsync(test);
        var labels = fitted.Model.Labels;
        return ([.. probabilities.Select(p => labels[Array.IndexOf(p, p.Max())])], seconds, fitted.Diagnostics);
    }

    private static string[] SklearnOnEmbeddings(float[][] train, IReadOnlyList<string> labels, float[][] test)
    {
        using var result = DebianPython.RunJson(Path.Combine(AppContext.BaseDirectory, "sklearn_embeddings.py"), new
        {
            train_vectors = train,
            train_labels = labels,
            test_vectors = test,
            C = EmbeddingC,
        });
        return [.. result.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetString()!)];
    }

    private static (string[] Predicted, double EpochSeconds) PyTorch(
        EncoderFiles files, EncoderTokenizer tokenizer, PretrainedSettings settings, IReadOnlyList<string> train, IReadOnlyList<string> labels, LabelSet labelSet, IReadOnlyList<string> test, ulong seed)
    {
        using var result = DebianPython.RunJson(Path.Combine(AppContext.BaseDirectory, "torch_finetune.py"), new
        {
            onnx = files.ModelPath,
            train_ids = train.Select(text => tokenizer.Ids(text, settings.FinetuneMaxLength)),
            train_targets = labels.Select(label => labelSet.Select(name => name == label ? 1.0 : 0.0)),
            test_ids = test.Select(text => tokenizer.Ids(text, settings.FinetuneMaxLength)),
            settings = new { threads = settings.Threads, seed, epochs = settings.Epochs, batch_size = 16, learning_rate = 3e-5, freeze_layers = 0 },
        });
        var predicted = result.RootElement.GetProperty("probabilities").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(p => p.GetDouble()).ToArray())
            .Select(p => labelSet[Array.IndexOf(p, p.Max())]).ToArray();
        var epochs = result.RootElement.GetProperty("epoch_seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
        return (predicted, epochs.Average());
    }

    /// <summary>Texts/s of the encoder alone (no cache) at 128 and 256 tokens, with 1 and 2 ONNX Runtime threads.</summary>
    private static async Task Throughput(EncoderFiles files, List<string> texts)
    {
        foreach (var threads in new[] { 1, 2 })
        {
            using var encoder = await OnnxSentenceEncoder.LoadAsync(files, threads);
            _ = encoder.Embed(texts.Take(4).ToList(), 128);
            foreach (var maxLength in new[] { 128, 256 })
            {
                var clock = Stopwatch.StartNew();
                _ = encoder.Embed(texts, maxLength);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"encoder throughput: {texts.Count / clock.Elapsed.TotalSeconds:0.0} texts/s at max_length {maxLength}, {threads} thread(s) ({texts.Count} texts of the first task)"));
            }
        }
    }

    private static void Print(List<Row> rows, PretrainedSettings settings)
    {
        var table = new Table().Title($"students from all-MiniLM-L6-v2 vs TF-IDF: test F1 on human labels (embedding max_length {settings.MaxLength}, finetune max_length {settings.FinetuneMaxLength}, {settings.Epochs} epoch(s), {settings.Threads} thread(s))")
            .AddColumns("task", "labels", "train", "test", "embed s", "tfidf F1", "tfidf s", "emb-logreg F1", "emb-logreg s", "sklearn F1", "finetune F1", "finetune s", "s/epoch ours", "s/epoch torch", "torch F1", "torch/ours");
        foreach (var row in rows)
        {
            table.AddRow(row.Task, row.Labels, N(row.Train), N(row.Test), F(row.EmbedSeconds), F(row.Tfidf), F(row.TfidfSeconds), F(row.Embedding), F(row.EmbeddingSeconds), F(row.Sklearn),
                F(row.Finetune), F(row.FinetuneSeconds), F(row.EpochOurs), F(row.EpochTorch), F(row.Torch), row.EpochOurs is { } ours && row.EpochTorch is { } torch ? $"{torch / ours:0.00}x" : "-");
        }

        AnsiConsole.Write(table);
        foreach (var labels in new[] { "human", "teacher" })
        {
            var of = rows.Where(row => row.Labels == labels).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{labels} labels, median F1: tfidf-logreg {Median(of.Select(r => r.Tfidf))}, embedding-logreg {Median(of.Select(r => r.Embedding))}, finetune {Median(of.Select(r => r.Finetune))}; median training s: tfidf {Median(of.Select(r => r.TfidfSeconds))}, embedding-logreg {Median(of.Select(r => r.EmbeddingSeconds))} (+ embedding {Median(of.Select(r => r.EmbedSeconds))}), finetune {Median(of.Select(r => r.FinetuneSeconds))}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median |F1 embedding-logreg - F1 sklearn on the same vectors| = {Median(rows.Select(r => (double?)Math.Abs(r.Embedding - r.Sklearn)))} (goal <= 0.01)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median time per epoch, PyTorch / ours = {Median(rows.Select(r => r.EpochTorch / r.EpochOurs))} (goal >= 1.0x); median |F1 finetune - F1 PyTorch| = {Median(rows.Select(r => r.Finetune is { } f && r.Torch is { } t ? Math.Abs(f - t) : (double?)null))}"));
        foreach (var row in rows)
        {
            var losers = new List<string>();
            if (row.Embedding < row.Tfidf)
            {
                losers.Add($"embedding-logreg {row.Embedding:0.000}");
            }

            if (row.Finetune < row.Tfidf)
            {
                losers.Add($"finetune {row.Finetune:0.000}");
            }

            if (losers.Count > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pretrained loses to tfidf-logreg ({row.Tfidf:0.000}) on {row.Task}, {row.Labels} labels: {string.Join(", ", losers)}"));
            }
        }
    }

    private static string Median(IEnumerable<double?> values)
    {
        var known = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        return known.Count == 0
            ? "-"
            : (known.Count % 2 == 1 ? known[known.Count / 2] : (known[(known.Count / 2) - 1] + known[known.Count / 2]) / 2).ToString("0.000", CultureInfo.InvariantCulture);
    }

    private static string Median(IEnumerable<double> values) => Median(values.Select(v => (double?)v));

    private static string F(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record Row(
        string Task, string Labels, int Train, int Test, double EmbedSeconds,
        double Tfidf, double TfidfSeconds, double Embedding, double EmbeddingSeconds, double Sklearn,
        double? Finetune, double? FinetuneSeconds, double? EpochOurs, double? Torch, double? EpochTorch);
}

/// <summary>
/// What <c>bench-students</c>' pretrained part runs: every task unless <see cref="Tasks"/> names
/// some, fine-tuning on <see cref="FinetuneTasks"/> (all when null: hours on two CPU cores).
/// </summary>
internal sealed record PretrainedSettings(
    IReadOnlySet<string>? Tasks, IReadOnlySet<string>? FinetuneTasks, int MaxLength = 256, int FinetuneMaxLength = 256, int Epochs = 3, int Threads = 1);

using System.Globalization;
using Distillery.Contracts.Grpc.V1;
using Distillery.Llama;
using Distillery.Llama.Testing;
using Spectre.Console;

namespace Distillery.Benchmarks.Inference;

/// <summary>
/// <c>make bench-inference</c>: the Inference engine on the tiny test model and on the larger
/// synthetic one (8 layers, width 512), with a codebook prefix of about 1,000 tokens and texts
/// of 64 tokens, SCORE mode:
/// (a) prefix cache on vs off: one call with a set of texts; tokens evaluated per text and texts/s;
/// (b) continuous batching (16 slots) vs one request at a time (1 slot): 16 concurrent clients,
///     one text per call;
/// (c) ours (16 slots) vs llama-server built from the same llama.cpp source (16 slots), the same
///     GGUF file and prompts, 16 concurrent clients, each text scored by one completion token
///     with its top probabilities.
/// (b) and (c) time two sets of new texts on each server: the first right after start-up (a new
/// task: nothing of its prompt is cached anywhere; a warm-up call on another prompt has run),
/// the second right after the first (the server has seen the task's prefix).
/// </summary>
internal static class InferenceBenchmark
{
    private const int Clients = 16;
    private const int Slots = 16;
    private const int ContextPerSlot = 2048;

    public static async Task<int> RunAsync(int tinyTexts, int benchmarkTexts, int threads)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        var root = RepositoryRoot();
        Console.WriteLine("building llama-server (cached after the first run) ...");
        var llamaServer = LlamaServerPeer.Build(root);
        var folder = Directory.CreateTempSubdirectory("distillery-bench-inference-").FullName;
        try
        {
            foreach (var (name, spec, texts) in new[] { ("tiny (2 layers, width 64, F32)", TinyModelSpec.Tiny, tinyTexts), ("synthetic (8 layers, width 512, F16)", TinyModelSpec.Benchmark, benchmarkTexts) })
            {
                var path = Path.Combine(folder, spec.Name + ".gguf");
                TinyModelFactory.Write(path, spec);
                InferenceWorkload workload;
                using (var vocabulary = LlamaModel.Load(path, new LlamaModelOptions { VocabularyOnly = true }))
                {
                    workload = InferenceWorkload.For(vocabulary, texts);
                }

                Console.WriteLine();
                Console.WriteLine($"== {name}: sets of {texts} texts of {InferenceWorkload.TextTokens} tokens, shared prefix {workload.MeasuredPrefixTokens} tokens, {threads} thread(s), 2-core machine shared with other work ==");
                await PrefixCache(path, workload, threads);
                await BatchingAndPeer(path, llamaServer, workload, threads);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Run(double TextsPerSecond, double EvaluatedPerText);

    /// <summary>(a): one call with a set of texts, the prefix cache on and off.</summary>
    private static async Task PrefixCache(string path, InferenceWorkload workload, int threads)
    {
        var runs = new List<Run>();
        foreach (var cache in new[] { true, false })
        {
            await using var server = await OurInferenceServer.StartAsync(path, Slots, cache, threads, ContextPerSlot);
            await WarmUp(server);
            var request = workload.RequestAll(OurInferenceServer.Model);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await server.Client.ClassifyAsync(request);
            runs.Add(new Run(request.Texts.Count / clock.Elapsed.TotalSeconds, (double)response.EvaluatedTokens / request.Texts.Count));
        }

        var table = new Table().Title("(a) prefix cache: one Classify call with every text of a set, 16 slots")
            .AddColumns("prefix cache", "tokens evaluated per text", "texts/s");
        table.AddRow("on", F(runs[0].EvaluatedPerText, "0.0"), F(runs[0].TextsPerSecond, "0.0"));
        table.AddRow("off", F(runs[1].EvaluatedPerText, "0.0"), F(runs[1].TextsPerSecond, "0.0"));
        AnsiConsole.Write(table);
        Console.WriteLine($"(a) prefix cache on/off: {runs[1].EvaluatedPerText / runs[0].EvaluatedPerText:0.0}x fewer tokens evaluated per text, {runs[0].TextsPerSecond / runs[1].TextsPerSecond:0.00}x texts/s");
    }

    /// <summary>(b) and (c): 16 clients, one text per call: 16 slots vs 1 slot, then 16 slots vs llama-server.</summary>
    private static async Task BatchingAndPeer(string path, string llamaServer, InferenceWorkload workload, int threads)
    {
        var batched = await Ours(path, workload, Slots, threads);
        var single = await Ours(path, workload, 1, threads);
        var table = new Table().Title($"(b) continuous batching: {Clients} concurrent clients, one text per Classify call, prefix cache on")
            .AddColumns("engine", "new task: texts/s", "tokens evaluated per text", "task seen: texts/s", "tokens evaluated per text");
        table.AddRow($"continuous batching, {Slots} slots", F(batched[0].TextsPerSecond, "0.0"), F(batched[0].EvaluatedPerText, "0.0"), F(batched[1].TextsPerSecond, "0.0"), F(batched[1].EvaluatedPerText, "0.0"));
        table.AddRow("one request at a time (1 slot)", F(single[0].TextsPerSecond, "0.0"), F(single[0].EvaluatedPerText, "0.0"), F(single[1].TextsPerSecond, "0.0"), F(single[1].EvaluatedPerText, "0.0"));
        AnsiConsole.Write(table);
        Console.WriteLine($"(b) continuous batching / one at a time = {batched[0].TextsPerSecond / single[0].TextsPerSecond:0.00}x texts/s (new task), {batched[1].TextsPerSecond / single[1].TextsPerSecond:0.00}x (task seen)");

        var peer = await Peer(llamaServer, path, workload, threads);
        var versus = new Table().Title($"(c) peer: {Clients} concurrent clients, {Slots} slots each, same GGUF and prompts; a text = SCORE (ours) or 1 token with its top 10 probabilities (llama-server)")
            .AddColumns("server", "new task: texts/s", "prompt tokens evaluated per text", "task seen: texts/s", "prompt tokens evaluated per text");
        versus.AddRow("Distillery Inference (gRPC Classify SCORE)", F(batched[0].TextsPerSecond, "0.0"), F(batched[0].EvaluatedPerText, "0.0"), F(batched[1].TextsPerSecond, "0.0"), F(batched[1].EvaluatedPerText, "0.0"));
        versus.AddRow("llama-server (POST /completion, n_predict 1, n_probs 10)", F(peer[0].TextsPerSecond, "0.0"), F(peer[0].EvaluatedPerText, "0.0"), F(peer[1].TextsPerSecond, "0.0"), F(peer[1].EvaluatedPerText, "0.0"));
        AnsiConsole.Write(versus);
        Console.WriteLine($"(c) ours / llama-server = {batched[0].TextsPerSecond / peer[0].TextsPerSecond:0.00}x texts/s (new task), {batched[1].TextsPerSecond / peer[1].TextsPerSecond:0.00}x (task seen); goal > 1.0x");
    }

    private static async Task<Run[]> Ours(string path, InferenceWorkload workload, int slots, int threads)
    {
        await using var server = await OurInferenceServer.StartAsync(path, slots, prefixCache: true, threads, ContextPerSlot);
        await WarmUp(server);
        return [await TimeSet(workload, 0, Classify), await TimeSet(workload, 1, Classify)];

        async Task<int> Classify(int text) =>
            (int)(await server.Client.ClassifyAsync(workload.Request(OurInferenceServer.Model, text))).EvaluatedTokens;
    }

    private static async Task<Run[]> Peer(string binary, string path, InferenceWorkload workload, int threads)
    {
        using var peer = await LlamaServerPeer.StartAsync(binary, path, Slots, threads, ContextPerSlot);
        await peer.ScoreAsync("warm up", 10);
        return [await TimeSet(workload, 0, Score), await TimeSet(workload, 1, Score)];

        Task<int> Score(int text) => peer.ScoreAsync(workload.Prompts[text], 10);
    }

    /// <summary>Times one set of texts through <paramref name="score"/>, which returns the tokens evaluated for a text.</summary>
    private static async Task<Run> TimeSet(InferenceWorkload workload, int set, Func<int, Task<int>> score)
    {
        long evaluated = 0;
        var elapsed = await ClientLoad.RunAsync(Clients, workload.SetSize, async n => Interlocked.Add(ref evaluated, await score((set * workload.SetSize) + n)));
        return new Run(workload.SetSize / elapsed.TotalSeconds, (double)evaluated / workload.SetSize);
    }

    /// <summary>JIT, connections and the context's first graphs, on a codebook of its own so nothing of the task is cached.</summary>
    private static async Task WarmUp(OurInferenceServer server)
    {
        var request = new ClassifyRequest { Model = OurInferenceServer.Model, Codebook = new Codebook { Instructions = "warm up" } };
        request.Codebook.Labels.Add(new LabelDefinition { Name = "a", Definition = "a" });
        request.Codebook.Labels.Add(new LabelDefinition { Name = "b", Definition = "b" });
        request.Texts.Add(new TextItem { Id = "w", Text = "warm up" });
        await server.Client.ClassifyAsync(request);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Distillery.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Distillery.slnx) above " + AppContext.BaseDirectory);
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

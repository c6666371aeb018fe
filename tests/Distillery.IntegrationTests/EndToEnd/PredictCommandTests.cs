using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Distillery.Contracts.Grpc.V1;
using Distillery.Domain.Metrics;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Hosting;
using Distillery.Training;
using Distillery.Training.Persistence;
using Distillery.Training.Students;
using Distillery.Training.Students.TfidfLogReg;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Distillery.IntegrationTests.EndToEnd;

/// <summary>
/// <c>distillery predict</c> as a user runs it: a student trained here classifies generated
/// corpora (JSONL, CSV) from its model file, or from a Training server through the streaming
/// Students.PredictStream; a malformed row stops it with <c>file:line</c> and keeps what was written.
/// </summary>
public sealed class PredictCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private static readonly string[] Sport = ["goal", "match", "team", "score", "league", "coach", "player", "season", "striker", "cup"];
    private static readonly string[] Money = ["bank", "market", "stock", "price", "loan", "interest", "profit", "budget", "tax", "shares"];
    private static readonly string[] Common = ["the", "a", "today", "report", "new", "week", "city", "said", "on", "after"];
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-predict-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_model_file_labels_every_row_of_a_jsonl_corpus_as_the_model_itself_does()
    {
        var (model, path) = await TrainedModelFile();
        var texts = Texts(3_000, seed: 7);
        var corpus = WriteJsonl("corpus.jsonl", texts);
        var output = Path.Combine(_folder, "predictions.jsonl");

        var run = await DistilleryProcess.RunAsync(Deadline, "predict", "--model", path, corpus, "-o", output);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("3000 predictions written to", run.Output);
        var lines = Predictions(output);
        Assert.Equal(texts.Count, lines.Count);
        Assert.Equal(Enumerable.Range(0, texts.Count).Select(Id), lines.Select(line => line["id"]!.GetValue<string>()));
        Assert.Equal(await model.PredictAsync(texts), lines.Select(line => line["label"]!.GetValue<string>()));
        var probabilities = lines[0]["probabilities"]!.AsObject();
        Assert.Equal(model.Labels, probabilities.Select(pair => pair.Key));
        Assert.Equal(1.0, probabilities.Sum(pair => pair.Value!.GetValue<double>()), 6);
    }

    [Fact]
    public async Task A_malformed_row_stops_with_its_line_and_keeps_the_predictions_before_it()
    {
        var (_, path) = await TrainedModelFile();
        var texts = Texts(2_500, seed: 8);
        var corpus = WriteJsonl("corpus.jsonl", texts, malformedLine: 1_500);
        var output = Path.Combine(_folder, "predictions.jsonl");

        var run = await DistilleryProcess.RunAsync(Deadline, "predict", "--model", path, corpus, "-o", output);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("corpus.jsonl:1500:", run.Output);
        Assert.Contains("1499 predictions (the rows before it) were written to", run.Output);
        var lines = Predictions(output);
        Assert.Equal(1_499, lines.Count);
        Assert.Equal(Id(1_498), lines[^1]["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_csv_corpus_with_quoted_commas_and_line_breaks_is_read_by_its_named_columns()
    {
        var (model, path) = await TrainedModelFile();
        var texts = Texts(2_000, seed: 9).Select((text, i) => i % 3 == 0 ? $"{text}, \"quoted\"\nnext line" : text).ToList();
        var csv = new StringBuilder("doc,body,extra\n");
        for (var i = 0; i < texts.Count; i++)
        {
            csv.Append(Id(i)).Append(",\"").Append(texts[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",x\n");
        }

        var corpus = Path.Combine(_folder, "corpus.csv");
        await File.WriteAllTextAsync(corpus, csv.ToString());
        var output = Path.Combine(_folder, "predictions.jsonl");

        var run = await DistilleryProcess.RunAsync(Deadline, "predict", "-m", path, corpus, "-o", output, "--id-column", "doc", "--text-column", "body", "--batch-size", "300");

        Assert.True(run.ExitCode == 0, run.Output);
        var lines = Predictions(output);
        Assert.Equal(Enumerable.Range(0, texts.Count).Select(Id), lines.Select(line => line["id"]!.GetValue<string>()));
        Assert.Equal(await model.PredictAsync(texts), lines.Select(line => line["label"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_stored_student_classifies_a_corpus_through_the_streaming_students_api()
    {
        var (model, path) = await TrainedModelFile();
        var modelId = Guid.NewGuid();
        var store = Path.Combine(_folder, "students");
        await new FolderStudentModelStore(store).TryAddAsync(
            new StoredStudent(modelId, "job", "task", "teacher-student", "tfidf-logreg", model.Kind, 200, 0.1, null, await File.ReadAllBytesAsync(path)), CancellationToken.None);
        var builder = WebApplication.CreateBuilder(
        [
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Distillery:Training:ModelFolder={store}",
            "--Distillery:Training:PredictionBatchSize=256",
            TestPrincipals.Protect("distillery.v1.Students"),
            .. TestPrincipals.Principal(0, "analyst", "analyst-token"),
        ]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.AddServiceDefaults("predict-test");
        builder.AddTraining();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapTrainingGrpc();
        await app.StartAsync();
        var address = app.Urls.First();
        using var channel = GrpcClients.Channel(new Uri(address));
        var students = GrpcClients.Students(channel);
        var options = GrpcClients.Options(TimeSpan.FromMinutes(2), TestPrincipals.Bearer("analyst-token"));

        // The stream: 3 requests of 1,000 texts, each more than the server's prediction batch, answered in order.
        var texts = Texts(3_000, seed: 10);
        var expected = await model.PredictAsync(texts);
        var answered = new List<Label>();
        await foreach (var response in students.PredictStream(options).Exchange(Requests(modelId, texts, 1_000)))
        {
            Assert.Equal(1_000, response.Labels.Count);
            Assert.Equal(model.Labels, response.LabelNames);
            answered.AddRange(response.Labels);
        }

        Assert.Equal(Enumerable.Range(0, texts.Count).Select(Id), answered.Select(label => label.DocumentId));
        Assert.Equal(expected, answered.Select(label => label.Label_));
        // The unary call still answers a batch.
        var unary = await students.PredictAsync(await Requests(modelId, texts.Take(5).ToList(), 5).FirstAsync(), options);
        Assert.Equal(expected.Take(5), unary.Labels.Select(label => label.Label_));

        // The command line by id: the same labels; then a malformed row ends the stream cleanly, the batches sent still answered.
        var corpus = WriteJsonl("corpus.jsonl", texts);
        var output = Path.Combine(_folder, "remote.jsonl");
        var run = await DistilleryProcess.RunAsync(Deadline, "predict", "--model", modelId.ToString(), corpus, "-o", output, "--endpoint", address, "--token", "analyst-token", "--batch-size", "700");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(expected, Predictions(output).Select(line => line["label"]!.GetValue<string>()));

        var broken = WriteJsonl("broken.jsonl", texts, malformedLine: 2_001);
        var stopped = await DistilleryProcess.RunAsync(Deadline, "predict", "--model", modelId.ToString(), broken, "-o", output, "--endpoint", address, "--batch-size", "700",
            "--token", "analyst-token");
        Assert.Equal(2, stopped.ExitCode);
        Assert.Contains("broken.jsonl:2001:", stopped.Output);
        Assert.Equal(expected.Take(2_000), Predictions(output).Select(line => line["label"]!.GetValue<string>()));

        var refused = await DistilleryProcess.RunAsync(Deadline, "predict", "--model", modelId.ToString(), corpus, "-o", output, "--endpoint", address, "--token", "wrong");
        Assert.Equal(4, refused.ExitCode);
        await app.StopAsync();
    }

    private static async IAsyncEnumerable<PredictRequest> Requests(Guid modelId, List<string> texts, int size)
    {
        for (var start = 0; start < texts.Count; start += size)
        {
            var request = new PredictRequest { ModelId = modelId.ToString() };
            request.Texts.AddRange(texts.Skip(start).Take(size).Select((text, i) => new TextItem { Id = Id(start + i), Text = text }));
            yield return request;
            await Task.Yield();
        }
    }

    private static string Id(int index) => $"doc-{index}";

    /// <summary>Short texts mixing words of two topics, the topic's words more frequent.</summary>
    private static List<string> Texts(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var topic = random.Next(2) == 0 ? Sport : Money;
            var other = topic == Sport ? Money : Sport;
            return string.Join(' ', Enumerable.Range(0, 6 + random.Next(8)).Select(_ => random.Next(10) switch
            {
                < 5 => topic[random.Next(topic.Length)],
                < 7 => other[random.Next(other.Length)],
                _ => Common[random.Next(Common.Length)],
            }));
        })];
    }

    private async Task<(IStudentModel Model, string Path)> TrainedModelFile()
    {
        var random = new Random(1);
        var texts = new List<string>();
        var labels = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var sport = i % 2 == 0;
            var words = sport ? Sport : Money;
            texts.Add(string.Join(' ', Enumerable.Range(0, 8).Select(_ => random.Next(4) == 0 ? Common[random.Next(Common.Length)] : words[random.Next(words.Length)])));
            labels.Add(sport ? "sport" : "money");
        }

        var data = TrainingSet.FromHardLabels("predict", texts, labels, new LabelSet(["sport", "money"]));
        var model = (await new TfidfLogRegStudent(new TfidfLogRegOptions()).FitAsync(data, 1)).Model;
        var path = Path.Combine(_folder, $"{Guid.NewGuid()}.model");
        await File.WriteAllBytesAsync(path, StudentModelFile.Serialize(model));
        return (model, path);
    }

    private string WriteJsonl(string name, List<string> texts, int? malformedLine = null)
    {
        var path = Path.Combine(_folder, name);
        using var writer = new StreamWriter(path);
        for (var i = 0; i < texts.Count; i++)
        {
            writer.WriteLine(i + 1 == malformedLine
                ? $"{{\"id\": \"{Id(i)}\", \"text\": \"unterminated"
                : JsonSerializer.Serialize(new { id = Id(i), text = texts[i] }));
        }

        return path;
    }

    private static List<JsonNode> Predictions(string path) =>
        [.. File.ReadLines(path).Select(line => JsonNode.Parse(line)!)];
}

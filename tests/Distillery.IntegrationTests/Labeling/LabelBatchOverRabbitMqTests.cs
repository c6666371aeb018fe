using System.Collections.Concurrent;
using Distillery.Contracts.Labeling;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Processes;
using Distillery.Labeling.Service;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Distillery.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Distillery.IntegrationTests.Labeling;

public sealed class LabelBatchOverRabbitMqTests
{
    private const int Batches = 4;
    private const int BatchSize = 30;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [ServersFact]
    public async Task A_labeling_process_killed_mid_batch_and_restarted_labels_every_document_exactly_once()
    {
        await using var api = await ChatCompletionsStandIn.StartAsync();
        api.Latency = TimeSpan.FromMilliseconds(25);
        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        var corpus = new CorpusStore(database);
        await corpus.MigrateAsync(CancellationToken.None);
        var taskId = "label-crash-" + Guid.NewGuid().ToString("N")[..8];
        var documents = Enumerable.Range(0, Batches * BatchSize)
            .Select(i => new CorpusDocument(taskId, $"d{i:000}", i % 3 == 0 ? $"WIN prize number {i}" : $"notes from meeting {i}", null, null, "training_pool"))
            .ToList();
        await corpus.AddAsync(documents, CancellationToken.None);

        var events = new LabelEvents();
        using var bus = await StartTestBus(events);
        string[] arguments = [.. LabelingArguments(), .. StandInEndpoint(api)];
        var environment = new Dictionary<string, string>();
        var service = ServiceProcess.Start("Distillery.Labeling.Host", "distillery-labeling", arguments, environment);
        var batches = Enumerable.Range(0, Batches).Select(b => new LabelBatch(
            "job-crash", taskId, Guid.NewGuid(), OpenAiTeacherTests.SpamCodebook,
            new TeacherSpecification("openai", "stand-in", new Dictionary<string, string>
            {
                ["model"] = "stand-in-model",
                ["endpoint"] = "stand-in",
                ["max_concurrency"] = "2",
            }),
            [.. documents.Skip(b * BatchSize).Take(BatchSize).Select(document => document.DocumentId)],
            Seed: 7)).ToList();
        try
        {
            var publisher = bus.Services.GetRequiredService<IBus>();
            foreach (var batch in batches)
            {
                await publisher.Publish(batch);
            }

            // Kill once some labels are stored but the batches are not all done.
            await WaitUntil(async () => await StoredLabels(database, taskId) >= 20, "20 labels stored", service);
            var beforeKill = await StoredLabels(database, taskId);
            await service.KillAsync();
            Assert.True(beforeKill < Batches * BatchSize, $"all {beforeKill} labels were stored before the kill: the test did not interrupt anything");
            Assert.True(events.Labeled.Count < Batches, "every batch finished before the kill");

            service = ServiceProcess.Start("Distillery.Labeling.Host", "distillery-labeling", arguments, environment);
            await WaitUntil(() => Task.FromResult(batches.All(batch => events.Labeled.ContainsKey(batch.BatchId))), "BatchLabeled for every batch", service);

            await using var count = database.CreateCommand(
                "SELECT count(*), count(DISTINCT document_id), count(*) FILTER (WHERE label = 'spam') FROM labeling_labels WHERE task_id = $1");
            count.Parameters.Add(new NpgsqlParameter { Value = taskId });
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(Batches * BatchSize, reader.GetInt64(0));
            Assert.Equal(Batches * BatchSize, reader.GetInt64(1));
            Assert.Equal(documents.Count(document => document.Text.StartsWith("WIN", StringComparison.Ordinal)), reader.GetInt64(2));
            Assert.All(batches, batch =>
            {
                var labeled = events.Labeled[batch.BatchId];
                Assert.Equal(BatchSize, labeled.Documents);
                Assert.Equal(BatchSize, labeled.Labelled);
                Assert.Equal(0, labeled.Abstained);
                Assert.StartsWith("p-", labeled.PromptVersion, StringComparison.Ordinal);
            });
            // Other test classes share the bus and fail batches on purpose: only this test's batches count.
            Assert.DoesNotContain(events.Failed, failed => batches.Any(batch => batch.BatchId == failed.BatchId));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\nservice output:\n{service.Output}", e);
        }
        finally
        {
            await service.DisposeAsync();
        }
    }

    [ServersFact]
    public async Task A_batch_whose_documents_are_not_in_the_corpus_fails_with_the_ids_named()
    {
        var events = new LabelEvents();
        using var host = await StartTestBus(events, withLabeling: true);
        var batch = new LabelBatch("job-missing", "no-such-task", Guid.NewGuid(), OpenAiTeacherTests.SpamCodebook,
            new TeacherSpecification("simulated", "simulated", new Dictionary<string, string> { ["flip_rate"] = "0" }), ["ghost-1", "ghost-2"], 1);

        await host.Services.GetRequiredService<IBus>().Publish(batch);

        var failed = await Eventually.Within(events.FailedFor(batch.BatchId), Deadline, "BatchLabelingFailed");
        Assert.Contains("ghost-1, ghost-2", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("no-such-task", failed.Reason, StringComparison.Ordinal);
    }

    [ServersFact]
    public async Task A_batch_that_names_its_own_url_and_key_variable_is_refused_and_nothing_is_sent_there()
    {
        // What a job could make Labeling do before endpoints were the operator's: send the
        // service's PATH as a bearer token, with the documents, to a listener of its choosing.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/v1";
        await using var api = await ChatCompletionsStandIn.StartAsync();
        var events = new LabelEvents();
        using var host = await StartTestBus(events, withLabeling: true, StandInEndpoint(api));
        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        var taskId = "probe-" + Guid.NewGuid().ToString("N")[..8];
        await new CorpusStore(database).AddAsync([new CorpusDocument(taskId, "d1", "research data that must stay in the cluster", null, null, "training_pool")], CancellationToken.None);
        var batch = new LabelBatch("job-probe", taskId, Guid.NewGuid(), OpenAiTeacherTests.SpamCodebook,
            new TeacherSpecification("openai", "probe", new Dictionary<string, string> { ["model"] = "m", ["base_url"] = url, ["api_key_env"] = "PATH" }), ["d1"], 1);

        await host.Services.GetRequiredService<IBus>().Publish(batch);

        var failed = await Eventually.Within(events.FailedFor(batch.BatchId), Deadline, "BatchLabelingFailed");
        Assert.Contains("'base_url' is for local runs", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("registered: stand-in", failed.Reason, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.False(listener.Pending(), "Labeling connected to the URL the message named");
        Assert.Empty(api.Requests);
    }

    /// <summary>The stand-in API registered as the teacher endpoint <c>stand-in</c>, as an operator registers one.</summary>
    private static string[] StandInEndpoint(ChatCompletionsStandIn api) =>
    [
        "--Distillery:Labeling:Endpoints:stand-in:Kind=OpenAi",
        $"--Distillery:Labeling:Endpoints:stand-in:BaseUrl={api.BaseUrl}",
        "--Distillery:Labeling:Endpoints:stand-in:ApiKey=sk-stand-in",
    ];

    private static string[] LabelingArguments()
    {
        var broker = TestServers.RabbitMq;
        var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        return
        [
            "--urls=http://127.0.0.1:0",
            "--Distillery:Logging:Format=Text",
            $"--Distillery:Bus:Host={broker.Host}",
            $"--Distillery:Bus:Port={broker.Port}",
            $"--Distillery:Bus:Username={credentials[0]}",
            $"--Distillery:Bus:Password={credentials[1]}",
            $"--Distillery:Database:ConnectionString={TestServers.Postgres}",
            "--Distillery:Labeling:ConcurrentBatches=2",
            "--Distillery:Labeling:TeacherChunkSize=4",
        ];
    }

    private static async Task<IHost> StartTestBus(LabelEvents events, bool withLabeling = false, string[]? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(
        [
            .. TestSettings.Base,
            .. TestSettings.RabbitMqBus(retryLimit: 1),
            $"--Distillery:Database:ConnectionString={TestServers.Postgres}",
            "--Distillery:Labeling:LabelCache=Postgres",
            .. settings ?? [],
        ]);
        builder.AddServiceDefaults("labeling-test");
        builder.Services.AddSingleton(events);
        if (withLabeling)
        {
            Distillery.Labeling.LabelingServiceExtensions.AddLabeling(builder);
        }

        builder.AddDistilleryBus(bus =>
        {
            if (withLabeling)
            {
                Distillery.Labeling.LabelingServiceExtensions.AddLabelingConsumers(bus);
            }

            bus.AddConsumer<LabelEventsConsumer>();
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<long> StoredLabels(NpgsqlDataSource database, string taskId)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM labeling_labels WHERE task_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = taskId });
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // The service has not migrated yet.
        }
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string what, ServiceProcess service)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Deadline || service.HasExited)
            {
                throw new TimeoutException($"{what}: not within {clock.Elapsed.TotalSeconds:0} s (service {(service.HasExited ? "exited" : "running")})");
            }

            await Task.Delay(50);
        }
    }

    internal sealed class LabelEvents
    {
        public ConcurrentDictionary<Guid, BatchLabeled> Labeled { get; } = new();

        public ConcurrentDictionary<Guid, TaskCompletionSource<BatchLabelingFailed>> FailedSources { get; } = new();

        public ConcurrentQueue<BatchLabelingFailed> Failed { get; } = new();

        public Task<BatchLabelingFailed> FailedFor(Guid batchId) =>
            FailedSources.GetOrAdd(batchId, _ => new TaskCompletionSource<BatchLabelingFailed>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    internal sealed class LabelEventsConsumer(LabelEvents events) : IConsumer<BatchLabeled>, IConsumer<BatchLabelingFailed>
    {
        public Task Consume(ConsumeContext<BatchLabeled> context)
        {
            events.Labeled[context.Message.BatchId] = context.Message;
            return Task.CompletedTask;
        }

        public Task Consume(ConsumeContext<BatchLabelingFailed> context)
        {
            events.Failed.Enqueue(context.Message);
            events.FailedSources.GetOrAdd(context.Message.BatchId, _ => new TaskCompletionSource<BatchLabelingFailed>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}

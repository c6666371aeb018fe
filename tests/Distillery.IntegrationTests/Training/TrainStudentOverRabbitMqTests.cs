using Distillery.Contracts.Training;
using Distillery.Domain.Metrics;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Distillery.Training;
using Distillery.Training.Data;
using Distillery.Training.Service;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Distillery.IntegrationTests.Training;

public sealed class TrainStudentOverRabbitMqTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] Sport = ["match", "goal", "team", "coach", "season", "league"];
    private static readonly string[] Money = ["bank", "loan", "market", "shares", "profit", "budget"];

    private static async Task<IHost> StartTrainingService(StudentEvents events, InMemoryTrainingData data)
    {
        var builder = Host.CreateApplicationBuilder(
        [
            .. TestSettings.Base,
            .. TestSettings.RabbitMqBus(retryLimit: 2),
            $"--Distillery:Database:ConnectionString={TestServers.Postgres}",
            "--Distillery:Training:ModelStore=Postgres",
        ]);
        builder.AddServiceDefaults("training-test");
        builder.Services.AddSingleton(events);
        builder.Services.AddSingleton(data);
        builder.AddTraining().AddDistilleryBus(bus =>
        {
            bus.AddTrainingConsumers();
            bus.AddConsumer<StudentEventsConsumer>();
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A task of 120 documents whose labels follow their words.</summary>
    private static (string TaskId, List<string> Ids) SeedTask(InMemoryTrainingData data, bool oneClass = false)
    {
        var taskId = "task-" + Guid.NewGuid().ToString("N")[..8];
        var texts = new Dictionary<string, string>();
        var labels = new List<(string, string, IReadOnlyList<double>?)>();
        for (var i = 0; i < 120; i++)
        {
            var sport = oneClass || i % 2 == 0;
            var words = sport ? Sport : Money;
            texts[$"d{i}"] = $"{words[i % 6]} {words[(i / 6) % 6]} today in the city {words[(i + 3) % 6]}";
            labels.Add(($"d{i}", sport ? "sport" : "money", null));
        }

        data.AddTask(taskId, new LabelSet(["sport", "money"]), texts);
        data.AddLabels(taskId, "human", labels);
        return (taskId, texts.Keys.ToList());
    }

    private static TrainStudent Command(string taskId, IReadOnlyList<string> ids) => new(
        Guid.NewGuid(), "job-1", taskId, "human-student",
        new StudentSpecification("tfidf-logreg", "tfidf", new Dictionary<string, string> { ["min_df"] = "1" }),
        ids, "human", Seed: 11);

    [ServersFact]
    public async Task Student_is_trained_stored_in_postgres_and_a_redelivered_command_does_not_train_again()
    {
        var events = new StudentEvents();
        var data = new InMemoryTrainingData();
        using var host = await StartTrainingService(events, data);
        var (taskId, ids) = SeedTask(data);
        var command = Command(taskId, ids);
        var bus = host.Services.GetRequiredService<IBus>();

        await bus.Publish(command);
        var first = Assert.IsType<StudentTrained>(Assert.Single(await events.WaitFor(command.ModelId, 1, Deadline)));
        await bus.Publish(command);
        var all = await events.WaitFor(command.ModelId, 2, Deadline);

        Assert.False(first.Reused);
        Assert.Equal(120, first.TrainingItems);
        Assert.Equal("tfidf-logreg", first.Kind);
        Assert.True(Assert.IsType<StudentTrained>(all[1]).Reused);
        await using (var count = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM training_student_models WHERE model_id = $1"))
        {
            count.Parameters.Add(new NpgsqlParameter { Value = command.ModelId });
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }

        var predictor = host.Services.GetRequiredService<StudentPredictor>();
        var probabilities = await predictor.PredictProbabilitiesAsync(command.ModelId, ["goal team coach", "bank loan profit"], CancellationToken.None);
        Assert.True(probabilities[0][0] > 0.5, "a sport text should be sport");
        Assert.True(probabilities[1][1] > 0.5, "a money text should be money");
        await host.StopAsync();
    }

    [ServersFact]
    public async Task An_embedding_student_publishes_its_embedding_progress_before_it_is_trained()
    {
        var events = new StudentEvents();
        var data = new InMemoryTrainingData();
        using var host = await StartTrainingService(events, data);
        var (taskId, ids) = SeedTask(data);
        var command = Command(taskId, ids) with
        {
            Student = new StudentSpecification("embedding-logreg", "minilm", new Dictionary<string, string> { ["max_length"] = "32" }),
        };

        await host.Services.GetRequiredService<IBus>().Publish(command);
        var deadline = DateTime.UtcNow + Deadline;
        // Published in order, but consumed each on its own: wait for the last report as well as the answer.
        while (!(events.Of(command.ModelId).OfType<StudentTrained>().Any() && events.Of(command.ModelId).OfType<StudentTrainingProgressed>().Any(report => report.Done == 120))
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // Reports go out at most once a second, and the last one when the fit ends: a fit whose
        // vectors are all in the embedding cache (a second run on this machine) ends within one tick.
        var trained = Assert.Single(events.Of(command.ModelId).OfType<StudentTrained>());
        var progress = events.Of(command.ModelId).OfType<StudentTrainingProgressed>().ToList();
        Assert.Contains(progress, report => report is { Activity: "embedding", Done: 120, Total: 120 });
        Assert.All(progress, report => Assert.Equal((command.JobId, taskId, "human-student", "minilm", 120L), (report.JobId, report.TaskId, report.Arm, report.StudentName, report.Total)));
        Assert.Equal(120, trained.TrainingItems);
        await host.StopAsync();
    }

    [ServersFact]
    public async Task Training_data_with_one_class_is_answered_with_a_failure_naming_the_task()
    {
        var events = new StudentEvents();
        var data = new InMemoryTrainingData();
        using var host = await StartTrainingService(events, data);
        var (taskId, ids) = SeedTask(data, oneClass: true);
        var command = Command(taskId, ids);

        await host.Services.GetRequiredService<IBus>().Publish(command);

        var failure = Assert.IsType<StudentTrainingFailed>(Assert.Single(await events.WaitFor(command.ModelId, 1, Deadline)));
        Assert.Contains($"task '{taskId}': every training item has the label 'sport'", failure.Reason, StringComparison.Ordinal);
        await host.StopAsync();
    }
}

using Distillery.Coordinator.Api;
using Distillery.Coordinator.Jobs;
using Distillery.Coordinator.Telemetry;
using Distillery.Coordinator.Workflow;
using Distillery.Grpc.Server;
using Distillery.Labeling.Endpoints;
using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Database;
using Distillery.Storage;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Distillery.Coordinator;

/// <summary>The Coordinator: the Jobs API and the workflow, its tables migrated before the bus consumes.</summary>
public static class CoordinatorServiceExtensions
{
    public static IHostApplicationBuilder AddCoordinator(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CoordinatorOptions>(CoordinatorOptions.Section);
        services.AddSingleton(provider => new CorpusStore(Database(provider)));
        services.AddSingleton(provider => new JobWorkflow(
            Database(provider), provider.GetRequiredService<CorpusStore>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoordinatorOptions>>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<JobWorkflow>>()));
        // Jobs may name the teacher endpoints registered for Labeling (the same configuration
        // section; the Coordinator is given the names, never the keys).
        services.AddSingleton(new JobChecks(
            TeacherEndpointsSetup.Registered(builder.Configuration, requireCredentials: false),
            // Student settings are checked at Submit; the encoder they name is never loaded here.
            new Training.Service.StudentFactory(new Training.Embeddings.EncoderEmbeddingSource(new Training.Encoders.EncoderCatalog(mounted: Training.TrainingServiceExtensions.MountedEncoders(builder.Configuration))))));
        services.AddSingleton(provider => new JobsGrpcService(
            Database(provider), provider.GetRequiredService<JobWorkflow>(), provider.GetRequiredService<JobChecks>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoordinatorOptions>>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<JobsGrpcService>>()));
        services.AddDistilleryGrpc();
        services.AddHostedService<CoordinatorSchemaMigration>();
        // After the migration (hosted services start in order): the gauge counts its table.
        services.AddSingleton<CoordinatorTelemetry>();
        services.AddHostedService(provider => new TaskCountRefresher(
            Database(provider), provider.GetRequiredService<CoordinatorTelemetry>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoordinatorOptions>>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TaskCountRefresher>>()));
        services.AddHostedService(provider => new OutboxDispatcher(
            Database(provider), provider.GetRequiredService<IBus>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoordinatorOptions>>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OutboxDispatcher>>()));
        services.AddHostedService(provider => new OverdueWorkWatchdog(
            provider.GetRequiredService<JobWorkflow>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoordinatorOptions>>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OverdueWorkWatchdog>>()));
        return builder;
    }

    public static IBusRegistrationConfigurator AddCoordinatorConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WorkflowEventsConsumer>();
        return bus;
    }

    public static IEndpointRouteBuilder MapCoordinatorGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDistilleryGrpcService<JobsGrpcService>();
        return endpoints;
    }

    private static NpgsqlDataSource Database(IServiceProvider provider) =>
        provider.GetService<NpgsqlDataSource>() ?? throw new InvalidConfigurationException(
            "the Coordinator keeps jobs in PostgreSQL: set Distillery:Database:ConnectionString");

    private sealed class CoordinatorSchemaMigration(NpgsqlDataSource dataSource, CorpusStore corpus) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await corpus.MigrateAsync(cancellationToken);
            await SqlMigrator.ApplyAsync(dataSource, typeof(CoordinatorServiceExtensions).Assembly, "coordinator", cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

using Distillery.Labeling.Cache;
using Distillery.Labeling.Consumers;
using Distillery.Labeling.Endpoints;
using Distillery.Labeling.Persistence;
using Distillery.Labeling.Service;
using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Database;
using Distillery.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Distillery.Labeling;

/// <summary>
/// The Labeling service. Consumes <c>LabelBatch</c>, reads texts from the corpus tables,
/// writes labels with their provenance to PostgreSQL, publishes <c>BatchLabeled</c>; consumes
/// <c>JobCancelled</c> to stop a cancelled job's batches.
/// </summary>
public static class LabelingServiceExtensions
{
    /// <summary>
    /// Registers the teachers, the teacher endpoints the operator registered
    /// (<c>Distillery:Labeling:Endpoints</c>, checked now: an unusable one stops the host naming
    /// its key), the label cache chosen by <c>Distillery:Labeling</c> and the PostgreSQL label store.
    /// </summary>
    public static IHostApplicationBuilder AddLabeling(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetValidated<LabelingOptions>(LabelingOptions.Section);
        var services = builder.Services;
        services.AddSingleton(TeacherEndpointsSetup.Registered(options.Endpoints, requireCredentials: true));
        services.AddValidatedOptions<LabelingOptions>(LabelingOptions.Section);
        services.AddSingleton<LabelingTelemetry>();
        services.AddSingleton<TeacherRegistry>();
        services.AddSingleton(provider => new CorpusStore(Database(provider)));
        services.AddSingleton<IDocumentTexts, CorpusDocumentTexts>();
        services.AddSingleton<ILabelStore>(provider => new PostgresLabelStore(Database(provider)));
        services.AddSingleton(provider => new CancelledJobs(Database(provider)));
        if (options.LabelCache == LabelCacheKind.Postgres)
        {
            services.AddSingleton<ILabelCache>(provider => new PostgresLabelCache(Database(provider)));
        }
        else
        {
            services.AddSingleton<ILabelCache>(provider => new FileLabelCache(provider.GetRequiredService<IOptions<LabelingOptions>>().Value.CacheFile));
        }

        services.AddHostedService<LabelingSchemaMigration>();
        return builder;
    }

    /// <summary>The Labeling service's consumers, for <c>AddDistilleryBus</c>.</summary>
    public static IBusRegistrationConfigurator AddLabelingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<LabelBatchConsumer, LabelBatchConsumerDefinition>();
        bus.AddConsumer<CancelLabelingConsumer>();
        return bus;
    }

    private static NpgsqlDataSource Database(IServiceProvider provider) =>
        provider.GetService<NpgsqlDataSource>() ?? throw new InvalidConfigurationException(
            "the Labeling service stores labels in PostgreSQL: set Distillery:Database:ConnectionString");

    /// <summary>Bounds the batches one replica labels at once (<c>Distillery:Labeling:ConcurrentBatches</c>).</summary>
    private sealed class LabelBatchConsumerDefinition : ConsumerDefinition<LabelBatchConsumer>
    {
        public LabelBatchConsumerDefinition(IOptions<LabelingOptions> options) => ConcurrentMessageLimit = options.Value.ConcurrentBatches;
    }

    /// <summary>Creates the corpus and Labeling tables before the bus starts consuming.</summary>
    private sealed class LabelingSchemaMigration(NpgsqlDataSource dataSource, CorpusStore corpus) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await corpus.MigrateAsync(cancellationToken);
            await SqlMigrator.ApplyAsync(dataSource, typeof(LabelingServiceExtensions).Assembly, "labeling", cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

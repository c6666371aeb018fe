using Distillery.Grpc.Server;
using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Database;
using Distillery.Training.Consumers;
using Distillery.Training.Data;
using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;
using Distillery.Training.Persistence;
using Distillery.Training.Service;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Distillery.Training;

/// <summary>
/// The Training service (the fine-tuning worker). Owns student models. Consumes
/// <c>TrainStudent</c>; publishes <c>StudentTrained</c> or <c>StudentTrainingFailed</c> (and <c>StudentTrainingProgressed</c> while a student trains);
/// serves predictions through <see cref="StudentPredictor"/> (and the Students gRPC API).
/// </summary>
public static class TrainingServiceExtensions
{
    /// <summary>
    /// The encoders an operator mounts (<c>Distillery:Training:Encoders</c>), for the hosts that
    /// check student specs without running Training (the Coordinator at Submit, the CLI).
    /// </summary>
    public static IReadOnlyDictionary<string, MountedEncoder> MountedEncoders(IConfiguration configuration) =>
        configuration.GetSection($"{TrainingOptions.Section}:{nameof(TrainingOptions.Encoders)}").Get<Dictionary<string, MountedEncoder>>()
        ?? new Dictionary<string, MountedEncoder>();

    /// <summary>
    /// Registers the trainer, predictor and model store chosen by <c>Distillery:Training</c>.
    /// The host registers an <see cref="ITrainingDataSource"/> (in memory by default).
    /// </summary>
    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetValidated<TrainingOptions>(TrainingOptions.Section);
        var services = builder.Services;
        services.AddValidatedOptions<TrainingOptions>(TrainingOptions.Section);
        services.AddSingleton<TrainingTelemetry>();
        // The embedding students' encoder (all-MiniLM-L6-v2 over ONNX Runtime), loaded on first use, its vectors cached.
        if (options.EmbeddingCache == EmbeddingCacheKind.Postgres)
        {
            services.TryAddSingleton<IEmbeddingCache>(provider => new PostgresEmbeddingCache(Database(provider)));
        }
        else
        {
            services.TryAddSingleton<IEmbeddingCache>(new FileEmbeddingCache(options.EmbeddingCacheFolder ?? FileEmbeddingCache.DefaultFolder()));
        }

        services.TryAddSingleton<IEncoderCatalog>(new EncoderCatalog(options.EncoderFolder, options.Encoders));
        services.TryAddSingleton(provider => new EncoderEmbeddingSource(
            provider.GetRequiredService<IEncoderCatalog>(), provider.GetRequiredService<IEmbeddingCache>(), options.EncoderThreads));
        services.AddSingleton(provider => new StudentFactory(provider.GetRequiredService<EncoderEmbeddingSource>()));
        services.AddSingleton(provider => StudentModelReaders.WithEmbeddings(provider.GetRequiredService<EncoderEmbeddingSource>()));
        services.AddSingleton<StudentTrainer>();
        services.AddSingleton<StudentPredictor>();
        if (options.DataSource == TrainingDataKind.Postgres)
        {
            services.TryAddSingleton(provider => new Storage.CorpusStore(Database(provider)));
            services.TryAddSingleton<ITrainingDataSource>(provider => new PostgresTrainingData(provider.GetRequiredService<Storage.CorpusStore>()));
        }

        services.AddSingleton<Api.StudentsGrpcService>();
        services.AddDistilleryGrpc();
        services.TryAddSingleton<InMemoryTrainingData>();
        services.TryAddSingleton<ITrainingDataSource>(provider => provider.GetRequiredService<InMemoryTrainingData>());
        if (options.ModelStore == ModelStoreKind.Postgres)
        {
            services.AddSingleton<IStudentModelStore>(provider => new PostgresStudentModelStore(Database(provider)));
        }
        else
        {
            services.AddSingleton<IStudentModelStore>(provider =>
                new FolderStudentModelStore(provider.GetRequiredService<IOptions<TrainingOptions>>().Value.ModelFolder));
        }

        if (options.ModelStore == ModelStoreKind.Postgres || options.EmbeddingCache == EmbeddingCacheKind.Postgres)
        {
            services.AddHostedService<TrainingSchemaMigration>();
        }

        return builder;
    }

    /// <summary>Serves the Students gRPC API and the standard health service.</summary>
    public static IEndpointRouteBuilder MapTrainingGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDistilleryGrpcService<Api.StudentsGrpcService>();
        return endpoints;
    }

    private static NpgsqlDataSource Database(IServiceProvider provider) =>
        provider.GetService<NpgsqlDataSource>() ?? throw new InvalidConfigurationException(
            $"{TrainingOptions.Section} stores models or reads data in PostgreSQL but Distillery:Database:ConnectionString is not set");

    /// <summary>The Training service's consumers, for <c>AddDistilleryBus</c>.</summary>
    public static IBusRegistrationConfigurator AddTrainingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<TrainStudentConsumer>();
        return bus;
    }

    /// <summary>Creates the Training tables before the bus starts consuming.</summary>
    private sealed class TrainingSchemaMigration(NpgsqlDataSource dataSource) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            SqlMigrator.ApplyAsync(dataSource, typeof(TrainingServiceExtensions).Assembly, "training", cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

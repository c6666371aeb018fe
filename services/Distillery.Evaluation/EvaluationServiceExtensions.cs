using Distillery.Evaluation.Service;
using Distillery.Grpc.Client;
using Distillery.ServiceDefaults.Configuration;
using Distillery.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Distillery.Evaluation;

/// <summary>The Evaluation service in distributed mode: consumes <c>EvaluateTask</c>, publishes <c>TaskEvaluated</c>.</summary>
public static class EvaluationServiceExtensions
{
    public static IHostApplicationBuilder AddEvaluation(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EvaluationOptions>(EvaluationOptions.Section);
        services.AddSingleton(provider => new CorpusStore(Database(provider)));
        services.AddDistilleryGrpcClient<Contracts.Grpc.V1.Students.StudentsClient>(
            provider => new Uri(provider.GetRequiredService<IOptions<EvaluationOptions>>().Value.StudentsAddress),
            (provider, channel) => channel.BearerToken = provider.GetRequiredService<IOptions<EvaluationOptions>>().Value.StudentsToken);
        services.AddSingleton<IStudentPredictions, StudentsApiPredictions>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddEvaluationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EvaluateTaskConsumer>();
        bus.AddConsumer<EvaluateGateConsumer>();
        return bus;
    }

    private static NpgsqlDataSource Database(IServiceProvider provider) =>
        provider.GetService<NpgsqlDataSource>() ?? throw new InvalidConfigurationException(
            "the Evaluation service reads test documents and labels from PostgreSQL: set Distillery:Database:ConnectionString");
}

using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Distillery.ServiceDefaults.Database;

/// <summary>Registers one pooled <see cref="NpgsqlDataSource"/> and its readiness check when a database is configured.</summary>
internal static class DatabaseSetup
{
    public static void AddDistilleryDatabase(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetValidated<DatabaseOptions>(DatabaseOptions.Section);
        if (!options.Configured)
        {
            return;
        }

        NpgsqlConnectionStringBuilder connectionString;
        try
        {
            connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            // Npgsql's message names the bad keyword, never the password.
            throw new InvalidConfigurationException($"{DatabaseOptions.Section}:ConnectionString: {e.Message}", e);
        }

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("database", tags: [HealthTags.Ready]);
    }
}

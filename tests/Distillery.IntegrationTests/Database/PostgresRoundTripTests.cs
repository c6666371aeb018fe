using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace Distillery.IntegrationTests.Database;

public sealed class PostgresRoundTripTests
{
    [PostgresFact]
    public async Task Row_written_through_the_service_defaults_data_source_reads_back_unchanged()
    {
        var builder = Host.CreateApplicationBuilder([.. TestSettings.Base, $"--Distillery:Database:ConnectionString={TestServers.Postgres}"]);
        builder.AddServiceDefaults("database-test");
        using var host = builder.Build();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var table = "round_trip_" + Guid.NewGuid().ToString("N");
        const string text = "Ünïcödé party platform — « réforme » 🗳️";
        byte[] model = [0, 1, 2, 254, 255];

        await using (var create = dataSource.CreateCommand($"CREATE TABLE {table} (id uuid PRIMARY KEY, text text NOT NULL, model bytea NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var id = Guid.NewGuid();
            await using (var insert = dataSource.CreateCommand($"INSERT INTO {table} (id, text, model) VALUES ($1, $2, $3)"))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = id });
                insert.Parameters.Add(new NpgsqlParameter { Value = text });
                insert.Parameters.Add(new NpgsqlParameter { Value = model, NpgsqlDbType = NpgsqlDbType.Bytea });
                Assert.Equal(1, await insert.ExecuteNonQueryAsync());
            }

            await using var select = dataSource.CreateCommand($"SELECT text, model FROM {table} WHERE id = $1");
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await select.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(text, reader.GetString(0));
            Assert.Equal(model, (byte[])reader[1]);
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE {table}");
            await drop.ExecuteNonQueryAsync();
        }
    }
}

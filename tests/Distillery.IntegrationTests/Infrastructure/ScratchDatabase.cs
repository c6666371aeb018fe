using Npgsql;

namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>
/// A database of its own on the test PostgreSQL server, dropped afterwards: for service processes
/// whose tables must hold only what the test puts there (other tests share distillery_test).
/// </summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _name;

    private ScratchDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid().ToString("N")[..12]}";
        await using (var server = new NpgsqlConnection(TestServers.Postgres))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
            await create.ExecuteNonQueryAsync();
        }

        return new ScratchDatabase(name, new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Database = name }.ConnectionString);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await using var server = new NpgsqlConnection(TestServers.Postgres);
        await server.OpenAsync();
        // FORCE ends the connections the stopped service's pool may still hold.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}

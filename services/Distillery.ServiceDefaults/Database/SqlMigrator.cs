using System.Reflection;
using Npgsql;

namespace Distillery.ServiceDefaults.Database;

/// <summary>
/// Applies a service's plain SQL migrations, embedded as resources named
/// <c>…Migrations.NNN_description.sql</c>, in name order, each once, each in its own
/// transaction, under a PostgreSQL advisory lock so that replicas starting together do not
/// race. Applied ids are recorded in <c>schema_migrations</c>.
/// </summary>
public static class SqlMigrator
{
    private const long LockKey = 0x44_49_53_54_4C_4C; // "DISTLL"

    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, Assembly assembly, string service, CancellationToken cancellationToken = default)
    {
        var scripts = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(".Migrations.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var applied = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await Execute(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, service text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            foreach (var script in scripts)
            {
                var id = $"{service}/{script[(script.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..]}";
                await using var check = new NpgsqlCommand("SELECT 1 FROM schema_migrations WHERE id = $1", connection);
                check.Parameters.Add(new NpgsqlParameter { Value = id });
                if (await check.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    continue;
                }

                await using var stream = assembly.GetManifestResourceStream(script)!;
                using var reader = new StreamReader(stream);
                var sql = await reader.ReadToEndAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, transaction, sql, cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (id, service) VALUES ($1, $2)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter { Value = id });
                record.Parameters.Add(new NpgsqlParameter { Value = service });
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                applied.Add(id);
            }
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }

        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

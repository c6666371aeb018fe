namespace Distillery.ServiceDefaults.Database;

/// <summary>
/// <c>Distillery:Database</c>: the PostgreSQL system of record in distributed mode. Absent in
/// local mode, where repositories live in memory. The connection string may carry a password:
/// it is never logged.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Distillery:Database";

    /// <summary>An Npgsql connection string; empty means no database.</summary>
    public string? ConnectionString { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(ConnectionString);
}

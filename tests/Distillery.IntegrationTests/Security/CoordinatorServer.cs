using System.Globalization;
using System.Net;
using Distillery.Coordinator;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;

namespace Distillery.IntegrationTests.Security;

/// <summary>
/// The Coordinator composed as its host composes it, in this process, on a database of its own
/// (so row counts are this test's alone) and the in-memory bus: for what the Jobs API does at
/// Submit, Get, List, Watch, Report and Cancel, without starting the other services. The Jobs
/// API is protected as in the cluster, with three principals: <see cref="Alice"/> and
/// <see cref="Bob"/> configured by key, and <see cref="Operator"/>, who holds the operator role,
/// from a principals file (as a mounted Secret gives them).
/// </summary>
internal sealed class CoordinatorServer : IAsyncDisposable
{
    public const string Alice = "alice-token";
    public const string Bob = "bob-token";
    public const string Operator = "operator-token";

    private readonly WebApplication _app;
    private readonly ScratchDatabase _database;
    private readonly string _principalsFile;

    private CoordinatorServer(WebApplication app, ScratchDatabase database, string principalsFile, Uri address)
    {
        _app = app;
        _database = database;
        _principalsFile = principalsFile;
        Address = address;
        Channel = GrpcClients.Channel(address);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Starts it with <paramref name="settings"/> (<c>--Key=value</c>) after the defaults.</summary>
    public static async Task<CoordinatorServer> StartAsync(params string[] settings)
    {
        var database = await ScratchDatabase.CreateAsync("coordinator");
        var principals = Path.Combine(Path.GetTempPath(), $"distillery-principals-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(principals, $$"""[{"name": "ops", "tokenSha256": "{{ServiceDefaults.Security.BearerTokens.Sha256(Operator)}}", "roles": ["operator"]}]""");
        var builder = WebApplication.CreateBuilder(
        [
            "--Serilog:MinimumLevel:Default=Warning",
            "--Distillery:Bus:Transport=InMemory",
            $"--Distillery:Database:ConnectionString={database.ConnectionString}",
            TestPrincipals.Protect("distillery.v1.Jobs"),
            .. TestPrincipals.Principal(0, "alice", Alice),
            .. TestPrincipals.Principal(1, "bob", Bob),
            $"--Distillery:Auth:PrincipalsFile={principals}",
            .. settings,
        ]);
        ListenOptions? grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => (grpc = listen).Protocols = HttpProtocols.Http2));
        builder.AddServiceDefaults("coordinator-test");
        builder.AddCoordinator().AddDistilleryBus(bus => bus.AddCoordinatorConsumers());
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapCoordinatorGrpc();
        await app.StartAsync();
        return new CoordinatorServer(app, database, principals, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{grpc!.IPEndPoint!.Port}")));
    }

    /// <summary>Call options with <paramref name="token"/> as the bearer token (Alice's by default).</summary>
    public static CallOptions Call(string? token = Alice) =>
        GrpcClients.Options(TimeSpan.FromMinutes(2), token is null ? null : TestPrincipals.Bearer(token));

    /// <summary>Rows in each of the tables a Submit writes, to show that a refused one wrote none.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RowCountsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in new[] { "corpus_documents", "corpus_tasks", "coordinator_jobs", "coordinator_tasks", "coordinator_events", "coordinator_work", "coordinator_outbox", "coordinator_replayed_labels" })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        File.Delete(_principalsFile);
    }
}

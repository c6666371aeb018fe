using System.Net;
using System.Text.Json;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Distillery.IntegrationTests.Health;

public sealed class ReadinessTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> Probe(string[] settings, string path)
    {
        var builder = WebApplication.CreateBuilder([.. TestSettings.Base, .. settings]);
        builder.AddServiceDefaults("health-test");
        builder.AddDistilleryBus();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        try
        {
            var address = app.Urls.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            using var response = await client.GetAsync(path);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return (response.StatusCode, body);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [ServersFact]
    public async Task Ready_when_the_bus_is_connected_and_the_database_answers()
    {
        var (status, body) = await Probe(
            [.. TestSettings.RabbitMqBus(retryLimit: 1), $"--Distillery:Database:ConnectionString={TestServers.Postgres}"],
            "/health/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("bus").GetProperty("status").GetString());
    }

    [RabbitMqFact]
    public async Task Not_ready_while_the_database_is_unreachable_yet_still_live()
    {
        // A port nothing listens on: the database is configured but down.
        string[] settings = [.. TestSettings.RabbitMqBus(retryLimit: 1), "--Distillery:Database:ConnectionString=Host=127.0.0.1;Port=1;Username=nobody;Timeout=2"];

        var (readyStatus, readyBody) = await Probe(settings, "/health/ready");
        var (liveStatus, _) = await Probe(settings, "/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", readyBody.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, liveStatus);
    }
}

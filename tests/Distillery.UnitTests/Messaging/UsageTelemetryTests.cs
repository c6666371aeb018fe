using Distillery.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Distillery.UnitTests.Messaging;

public sealed class UsageTelemetryTests
{
    [Fact]
    public void The_bus_never_reports_usage_telemetry_to_its_vendor()
    {
        // MassTransit's default is to post host, OS, time zone and endpoints to usage-tracking.masstransit.io.
        var builder = Host.CreateApplicationBuilder(["--Distillery:Bus:Transport=InMemory"]);
        builder.AddDistilleryBus();
        using var host = builder.Build();

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}

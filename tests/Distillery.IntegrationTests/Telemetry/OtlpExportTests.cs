using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Hosting;
using Microsoft.Extensions.Hosting;

namespace Distillery.IntegrationTests.Telemetry;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_and_traces_reach_an_OTLP_HTTP_collector_when_the_host_shuts_down()
    {
        await using var collector = await LoopbackOtlpReceiver.StartAsync();
        var instrument = "distillery_test_texts_labelled_" + Guid.NewGuid().ToString("N")[..8];
        var operation = "label-batch-" + Guid.NewGuid().ToString("N")[..8];

        var builder = Host.CreateApplicationBuilder(
        [
            .. TestSettings.Base,
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Address}",
            // An hour: nothing is exported on the timer, so what arrives was flushed at shutdown.
            "--OTEL_METRIC_EXPORT_INTERVAL=3600000",
        ]);
        builder.AddServiceDefaults("otlp-test");
        using (var host = builder.Build())
        {
            await host.StartAsync();
            using var meter = new Meter("Distillery.Tests.Otlp");
            using var source = new ActivitySource("Distillery.Tests.Otlp");
            meter.CreateCounter<long>(instrument, unit: "{text}").Add(5);
            using (source.StartActivity(operation))
            {
                // A unit of traced work.
            }

            await host.StopAsync();
        }

        Assert.Contains(collector.Received("metrics"), body => Contains(body, instrument));
        Assert.Contains(collector.Received("metrics"), body => Contains(body, "otlp-test"));
        Assert.Contains(collector.Received("traces"), body => Contains(body, operation));
    }

    private static bool Contains(byte[] payload, string text) =>
        payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

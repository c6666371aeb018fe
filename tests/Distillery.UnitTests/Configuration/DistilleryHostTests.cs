using System.ComponentModel.DataAnnotations;
using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;

namespace Distillery.UnitTests.Configuration;

public sealed class DistilleryHostTests
{
    private static readonly string[] BaseArgs = ["--urls=http://127.0.0.1:0", "--Serilog:MinimumLevel:Default=Warning"];

    public sealed class WorkerOptions
    {
        [Range(1, 64)]
        public int Workers { get; set; } = 4;
    }

    [Fact]
    public async Task Bad_value_found_while_composing_stops_start_up_with_exit_code_78_naming_the_key()
    {
        var errors = new StringWriter();

        var exitCode = await DistilleryHost.RunAsync(
            [.. BaseArgs, "--Distillery:Bus:Port=70000"],
            "test-service",
            builder => builder.AddDistilleryBus(),
            errors: errors);

        Assert.Equal(DistilleryHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains("Distillery:Bus:Port", errors.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Serilog:MinimumLevel:Default=Loud", "Serilog")]
    [InlineData("--OTEL_EXPORTER_OTLP_ENDPOINT=collector:4318", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("--OTEL_EXPORTER_OTLP_PROTOCOL=http/json", "OTEL_EXPORTER_OTLP_PROTOCOL")]
    public async Task Bad_logging_or_telemetry_setting_stops_start_up_with_exit_code_78_naming_it(string setting, string key)
    {
        var errors = new StringWriter();

        var exitCode = await DistilleryHost.RunAsync(
            [.. BaseArgs, "--OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318", setting],
            "test-service",
            _ => { },
            errors: errors);

        Assert.Equal(DistilleryHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains(key, errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_value_found_by_start_up_validation_stops_start_up_naming_the_key()
    {
        var errors = new StringWriter();

        var exitCode = await DistilleryHost.RunAsync(
            [.. BaseArgs, "--Distillery:Workers:Workers=0"],
            "test-service",
            builder => builder.Services.AddValidatedOptions<WorkerOptions>("Distillery:Workers"),
            errors: errors);

        Assert.Equal(DistilleryHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains("Distillery:Workers:Workers", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_configuration_runs_until_shut_down_and_exits_zero()
    {
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var errors = new StringWriter();

        var exitCode = await DistilleryHost.RunAsync(
            [.. BaseArgs, "--Distillery:Workers:Workers=8"],
            "test-service",
            builder => builder.Services.AddValidatedOptions<WorkerOptions>("Distillery:Workers"),
            errors: errors,
            cancellationToken: shutdown.Token);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, errors.ToString());
    }
}

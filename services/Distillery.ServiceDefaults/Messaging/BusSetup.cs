using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Health;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Distillery.ServiceDefaults.Messaging;

/// <summary>
/// The one place the message bus is configured: transport, endpoint names, and the fault
/// policy (retry, delayed redelivery, error queues) declared for every endpoint.
/// </summary>
public static class BusSetup
{
    /// <summary>
    /// Adds MassTransit on the transport named by <c>Distillery:Bus:Transport</c>.
    /// <paramref name="registerConsumers"/> adds the service's consumers; their endpoints are
    /// named in kebab case after the consumer (<c>LabelBatchConsumer</c> → <c>label-batch</c>).
    /// </summary>
    public static IHostApplicationBuilder AddDistilleryBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator>? registerConsumers = null)
    {
        var options = builder.Configuration.GetValidated<BusOptions>(BusOptions.Section);
        builder.Services.AddValidatedOptions<BusOptions>(BusOptions.Section);
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            // Start-up waits for the broker, so readiness and tests see a connected bus.
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit reports usage telemetry (host, OS, time zone, endpoints) to its vendor by
            // default; a research deployment makes no outbound call its operator did not configure.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "bus";
                health.Tags.Add(HealthTags.Ready);
            });
            registerConsumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) => ApplyFaultPolicy(endpoint, options));

            switch (options.Transport)
            {
                case BusTransport.RabbitMq:
                    bus.UsingRabbitMq((context, rabbit) =>
                    {
                        rabbit.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
                        {
                            host.Username(options.Username);
                            host.Password(options.Password);
                        });
                        rabbit.PrefetchCount = options.PrefetchCount;
                        if (options.DelayedExchange)
                        {
                            rabbit.UseDelayedMessageScheduler();
                        }

                        rabbit.ConfigureEndpoints(context);
                    });
                    break;
                case BusTransport.InMemory:
                    bus.UsingInMemory((context, memory) =>
                    {
                        memory.UseDelayedMessageScheduler();
                        memory.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    throw new InvalidConfigurationException($"{BusOptions.Section}:Transport: '{options.Transport}' is not supported");
            }
        });

        return builder;
    }

    /// <summary>
    /// Outermost filter first: redelivery wraps retry, so each redelivery gets a fresh round of
    /// in-memory retries, and only when both are spent does the message go to the error queue.
    /// </summary>
    private static void ApplyFaultPolicy(IReceiveEndpointConfigurator endpoint, BusOptions options)
    {
        if (options.CanRedeliver)
        {
            endpoint.UseDelayedRedelivery(redelivery => redelivery.Intervals([.. options.RedeliveryIntervals]));
        }

        if (options.RetryLimit > 0)
        {
            endpoint.UseMessageRetry(retry => retry.Exponential(
                options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryIntervalDelta));
        }
    }
}

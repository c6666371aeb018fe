using System.Text;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Distillery.IntegrationTests.Messaging;

public sealed class BusFaultPolicyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static async Task<IHost> StartBus(string[] settings, AttemptLog log)
    {
        var builder = Host.CreateApplicationBuilder([.. TestSettings.Base, .. settings]);
        builder.AddServiceDefaults("bus-test");
        builder.Services.AddSingleton(log);
        builder.AddDistilleryBus(bus =>
        {
            bus.AddConsumer<FlakyWorkConsumer>();
            bus.AddConsumer<PoisonWorkConsumer>();
            bus.AddConsumer<SlowlyRecoveringWorkConsumer>();
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [RabbitMqFact]
    public async Task Message_whose_consumer_throws_once_is_retried_over_RabbitMQ_and_not_lost()
    {
        var log = new AttemptLog();
        using var host = await StartBus(TestSettings.RabbitMqBus(retryLimit: 3), log);
        var id = Guid.NewGuid();

        await host.Services.GetRequiredService<IBus>().Publish(new FlakyWork(id));

        var success = await Eventually.Within(log.SuccessOf(id), Deadline, "the retried message's consumption");
        Assert.Equal(2, success.Attempt);
        await host.StopAsync();
    }

    [RabbitMqFact]
    public async Task Poison_message_goes_to_the_kebab_case_error_queue_with_its_reason_after_the_declared_retries()
    {
        var log = new AttemptLog();
        using var host = await StartBus(TestSettings.RabbitMqBus(retryLimit: 2), log);
        var id = Guid.NewGuid();

        await host.Services.GetRequiredService<IBus>().Publish(new PoisonWork(id));

        var faulted = await Eventually.Within(TakeFromQueue("poison-work_error", id), Deadline, "the poison message reaching poison-work_error");
        Assert.Equal(3, log.Attempts(id));
        var reason = Encoding.UTF8.GetString((byte[])faulted.BasicProperties.Headers!["MT-Fault-Message"]!);
        Assert.Equal(PoisonWorkConsumer.Reason, reason);
        await host.StopAsync();
    }

    [Fact]
    public async Task Message_still_failing_after_its_retries_is_redelivered_later_and_then_consumed()
    {
        var log = new AttemptLog();
        string[] inMemory = ["--Distillery:Bus:Transport=InMemory", "--Distillery:Bus:RedeliveryIntervals:0=00:00:00.100", .. TestSettings.FastRetries(1)];
        using var host = await StartBus(inMemory, log);
        var id = Guid.NewGuid();

        // Two failures use up the first delivery (one attempt plus one retry); the redelivery succeeds.
        await host.Services.GetRequiredService<IBus>().Publish(new SlowlyRecoveringWork(id, FailuresBeforeSuccess: 2));

        var success = await Eventually.Within(log.SuccessOf(id), Deadline, "consumption after redelivery");
        Assert.Equal(3, success.Attempt);
        Assert.Equal(1, success.Redeliveries);
        await host.StopAsync();
    }

    /// <summary>
    /// Reads the queue with a plain AMQP client until the message with <paramref name="id"/>
    /// appears. MassTransit declares an error queue with its first fault, so until then the
    /// broker answers 404 and closes the channel: open another and look again.
    /// </summary>
    private static async Task<BasicGetResult> TakeFromQueue(string queue, Guid id)
    {
        var factory = new ConnectionFactory { Uri = TestServers.RabbitMq };
        await using var connection = await factory.CreateConnectionAsync();
        while (true)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                while (await channel.BasicGetAsync(queue, autoAck: true) is { } result)
                {
                    if (Encoding.UTF8.GetString(result.Body.Span).Contains(id.ToString(), StringComparison.Ordinal))
                    {
                        return result;
                    }
                }
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                // Not declared yet.
            }

            await Task.Delay(100);
        }
    }
}

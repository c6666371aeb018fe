namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>A fact that needs RabbitMQ: skipped locally without one, failing in CI without one.</summary>
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute() => Skip = TestServers.SkipReason(TestServers.RabbitMqVariable);
}

/// <summary>A fact that needs PostgreSQL: skipped locally without one, failing in CI without one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestServers.SkipReason(TestServers.PostgresVariable);
}

/// <summary>A fact that needs both servers.</summary>
public sealed class ServersFactAttribute : FactAttribute
{
    public ServersFactAttribute() =>
        Skip = TestServers.SkipReason(TestServers.RabbitMqVariable) ?? TestServers.SkipReason(TestServers.PostgresVariable);
}

namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>
/// The real servers the integration tests talk to, as started by <c>tests/infra/servers.sh</c>
/// (which <c>make test</c> runs). Outside CI a missing server skips its tests; with
/// <c>CI=true</c> they run and fail, so a broken CI set-up can never pass by skipping.
/// </summary>
public static class TestServers
{
    public const string RabbitMqVariable = "DISTILLERY_TEST_RABBITMQ";
    public const string PostgresVariable = "DISTILLERY_TEST_POSTGRES";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>AMQP URI, e.g. <c>amqp://guest:guest@127.0.0.1:35672/</c>.</summary>
    public static Uri RabbitMq => new(Required(RabbitMqVariable));

    /// <summary>Npgsql connection string to a database the tests may write to.</summary>
    public static string Postgres => Required(PostgresVariable);

    /// <summary>Why a test needing <paramref name="variable"/> should be skipped here, or null to run it.</summary>
    internal static string? SkipReason(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } || InCi
            ? null
            : $"{variable} is not set: run `make test`, which starts private servers (tests/infra/servers.sh)";

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set but CI=true: tests/infra/servers.sh must start the servers before the tests run");
}

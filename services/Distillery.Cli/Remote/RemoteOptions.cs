using System.CommandLine;

namespace Distillery.Cli.Remote;

/// <summary>
/// What every client command shares: the Coordinator's address and token (flags, or
/// <c>DISTILLERY_ENDPOINT</c> and <c>DISTILLERY_TOKEN</c>), and <c>--json</c> for scripts.
/// </summary>
internal sealed class RemoteOptions
{
    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = "The Coordinator's gRPC address (default: $DISTILLERY_ENDPOINT, else http://127.0.0.1:5001)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DISTILLERY_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : "http://127.0.0.1:5001",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token (default: $DISTILLERY_TOKEN)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DISTILLERY_TOKEN"),
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts instead of tables" };

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Token);
        command.Options.Add(Json);
    }

    public CoordinatorChannel Client(ParseResult parse)
    {
        var endpoint = parse.GetValue(Endpoint)!;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--endpoint: '{endpoint}' is not an http(s) address such as http://127.0.0.1:5001");
        }

        return new CoordinatorChannel(address, parse.GetValue(Token));
    }
}

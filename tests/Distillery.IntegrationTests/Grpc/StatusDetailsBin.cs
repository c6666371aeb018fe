using Google.Rpc;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>Reads a <c>grpc-status-details-bin</c> value as a foreign client received it, independently of our client's decoding.</summary>
internal static class StatusDetailsBin
{
    public static BadRequest BadRequest(string base64) =>
        Status.Parser.ParseFrom(Convert.FromBase64String(base64)).Details.Single().Unpack<BadRequest>();
}

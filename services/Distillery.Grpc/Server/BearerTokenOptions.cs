namespace Distillery.Grpc.Server;

/// <summary>
/// <c>Distillery:Grpc:Auth</c>: the bearer tokens that may call protected services (from a
/// Kubernetes Secret or the environment, never from files in the repo), and which services
/// need one. The health service is never protected: probes carry no token.
/// </summary>
public sealed class BearerTokenOptions
{
    public const string Section = "Distillery:Grpc:Auth";

    public IList<string> Tokens { get; } = [];

    /// <summary>Fully qualified service names that require a token, e.g. <c>distillery.v1.Jobs</c>.</summary>
    public IList<string> ProtectedServices { get; } = [];
}

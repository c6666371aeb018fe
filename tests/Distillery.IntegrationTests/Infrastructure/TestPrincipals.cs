using Distillery.ServiceDefaults.Security;

namespace Distillery.IntegrationTests.Infrastructure;

/// <summary>Principals as an operator configures them for a host: a name, the SHA-256 of its token (never the token), roles.</summary>
internal static class TestPrincipals
{
    /// <summary>Settings for principal <paramref name="index"/> of <c>Distillery:Auth:Principals</c>.</summary>
    public static string[] Principal(int index, string name, string token, params string[] roles) =>
    [
        $"--Distillery:Auth:Principals:{index}:Name={name}",
        $"--Distillery:Auth:Principals:{index}:TokenSha256={BearerTokens.Sha256(token)}",
        .. roles.Select((role, i) => $"--Distillery:Auth:Principals:{index}:Roles:{i}={role}"),
    ];

    /// <summary>The gRPC service <paramref name="service"/> needs one of the principals.</summary>
    public static string Protect(string service, int index = 0) => $"--Distillery:Auth:ProtectedServices:{index}={service}";

    public static IReadOnlyDictionary<string, string> Bearer(string token) => new Dictionary<string, string> { ["authorization"] = $"Bearer {token}" };
}

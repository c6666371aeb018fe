namespace Distillery.ServiceDefaults.Security;

/// <summary>
/// One caller of a protected API: a name (jobs belong to it), the SHA-256 of its bearer token
/// (lower-case hex; the token itself is never configured on the server), and its roles.
/// </summary>
public sealed class PrincipalOptions
{
    public string Name { get; set; } = "";

    public string TokenSha256 { get; set; } = "";

    /// <summary><see cref="DistilleryRoles.Operator"/> sees and cancels every principal's jobs.</summary>
    public IList<string> Roles { get; } = [];
}

using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Distillery.ServiceDefaults.Security;

/// <summary>
/// <c>Distillery:Auth</c>: who may call this host's protected APIs. Each principal is a name, the
/// SHA-256 of its bearer token and its roles; the tokens themselves live only with the callers
/// (a Kubernetes Secret, the client's environment). <see cref="ProtectedServices"/> names the
/// gRPC services that need a principal (the Inference service's OpenAI-compatible HTTP API goes
/// with <c>distillery.v1.Inference</c>); health never does, since probes carry no token.
/// </summary>
public sealed partial class AuthOptions : IValidatableObject
{
    public const string Section = "Distillery:Auth";

    public IList<PrincipalOptions> Principals { get; } = [];

    /// <summary>
    /// A JSON file of more principals (<c>[{"name": …, "tokenSha256": …, "roles": [...]}]</c>), e.g. a
    /// Kubernetes Secret mounted as a file: a list of any length that needs no configuration key
    /// per principal. Read at start-up, after <see cref="Principals"/>.
    /// </summary>
    public string? PrincipalsFile { get; set; }

    /// <summary>Fully qualified gRPC service names, e.g. <c>distillery.v1.Jobs</c>.</summary>
    public IList<string> ProtectedServices { get; } = [];

    public bool Protects(string service) => ProtectedServices.Contains(service, StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ProtectedServices.Count > 0 && Principals.Count == 0)
        {
            yield return new ValidationResult(
                $"{Section}:ProtectedServices names {string.Join(", ", ProtectedServices)}, but no principal may call them: set {Section}:Principals:0:Name and :TokenSha256",
                [nameof(Principals)]);
        }

        // One name may hold several tokens (while one is rotated), with the same roles in each entry.
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Principals.Count; i++)
        {
            var principal = Principals[i];
            var key = $"{Section}:Principals:{i}";
            if (!PrincipalName().IsMatch(principal.Name))
            {
                yield return new ValidationResult($"{key}:Name: '{principal.Name}' is not a name (letters, digits, '.', '_', '-', '@')", [nameof(Principals)]);
            }
            else if (roles.TryGetValue(principal.Name, out var earlier) && earlier != RolesOf(principal))
            {
                yield return new ValidationResult($"{key}:Roles: '{principal.Name}' is configured again with other roles", [nameof(Principals)]);
            }
            else
            {
                roles[principal.Name] = RolesOf(principal);
            }

            if (!Sha256Hex().IsMatch(principal.TokenSha256))
            {
                yield return new ValidationResult(
                    $"{key}:TokenSha256: must be the SHA-256 of the token as 64 lower-case hex digits (distillery token new prints a token and its hash)", [nameof(Principals)]);
            }

            foreach (var role in principal.Roles.Where(role => !DistilleryRoles.All.Contains(role, StringComparer.Ordinal)))
            {
                yield return new ValidationResult($"{key}:Roles: '{role}' is not a role ({string.Join(", ", DistilleryRoles.All)})", [nameof(Principals)]);
            }
        }
    }

    private static string RolesOf(PrincipalOptions principal) => string.Join(',', principal.Roles.Order(StringComparer.Ordinal));

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,128}$")]
    private static partial Regex PrincipalName();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}

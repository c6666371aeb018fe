using System.ComponentModel.DataAnnotations;
using Distillery.ServiceDefaults.Security;

namespace Distillery.UnitTests.Security;

public sealed class AuthOptionsTests
{
    [Fact]
    public void A_principal_is_a_name_and_the_sha256_of_its_token_never_the_token()
    {
        var options = With(("alice", "the-raw-token", []));

        var problem = Assert.Single(Problems(options));
        Assert.StartsWith("Distillery:Auth:Principals:0:TokenSha256: must be the SHA-256", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protected_api_nobody_may_call_stops_the_host_naming_the_keys()
    {
        var options = new AuthOptions();
        options.ProtectedServices.Add("distillery.v1.Jobs");

        Assert.Contains("no principal may call them", Assert.Single(Problems(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_may_hold_two_tokens_while_one_is_rotated_but_not_two_sets_of_roles()
    {
        Assert.Empty(Problems(With(("alice", BearerTokens.Sha256("old"), []), ("alice", BearerTokens.Sha256("new"), []))));

        var problem = Assert.Single(Problems(With(("alice", BearerTokens.Sha256("old"), []), ("alice", BearerTokens.Sha256("new"), [DistilleryRoles.Operator]))));
        Assert.StartsWith("Distillery:Auth:Principals:1:Roles: 'alice' is configured again with other roles", problem, StringComparison.Ordinal);
        Assert.Contains("'admin' is not a role", Assert.Single(Problems(With(("bob", BearerTokens.Sha256("t"), ["admin"])))), StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_come_from_the_header_of_the_bearer_scheme_alone()
    {
        Assert.Equal("abc", BearerTokens.FromHeader("Bearer abc"));
        Assert.Equal("abc", BearerTokens.FromHeader("bearer  abc "));
        Assert.Null(BearerTokens.FromHeader("Basic abc"));
        Assert.Null(BearerTokens.FromHeader(null));
        Assert.NotEqual(BearerTokens.New(), BearerTokens.New());
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", BearerTokens.Sha256("abc"));
    }

    private static AuthOptions With(params (string Name, string Hash, string[] Roles)[] principals)
    {
        var options = new AuthOptions();
        foreach (var (name, hash, roles) in principals)
        {
            var principal = new PrincipalOptions { Name = name, TokenSha256 = hash };
            foreach (var role in roles)
            {
                principal.Roles.Add(role);
            }

            options.Principals.Add(principal);
        }

        return options;
    }

    private static List<string> Problems(AuthOptions options) =>
        [.. options.Validate(new ValidationContext(options)).Select(result => result.ErrorMessage!)];
}

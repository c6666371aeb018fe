using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Distillery.ServiceDefaults.Security;

/// <summary>
/// ASP.NET Core authentication by bearer token: the token's SHA-256 is compared, in constant
/// time, with each configured principal's; a match signs the call in as that principal, with its
/// name and roles as claims. No header is no result (the API decides whether that is allowed);
/// an unknown token is a failure.
/// </summary>
public sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptions<AuthOptions> auth,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "DistilleryBearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerTokens.FromHeader(Request.Headers.Authorization.ToString()) is not { } token)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Convert.FromHexString(BearerTokens.Sha256(token));
        PrincipalOptions? match = null;
        foreach (var principal in auth.Value.Principals)
        {
            // Every principal is compared, each in constant time: timing says nothing of which or how much matched.
            if (CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(principal.TokenSha256)))
            {
                match = principal;
            }
        }

        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("the bearer token is not valid"));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, match.Name) };
        claims.AddRange(match.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

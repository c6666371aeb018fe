using Distillery.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Distillery.ServiceDefaults.Security;

/// <summary>Registers bearer-token authentication against <c>Distillery:Auth</c> (validated at start-up).</summary>
public static class AuthSetup
{
    public static IServiceCollection AddDistilleryAuth(this IServiceCollection services)
    {
        if (services.Any(service => service.ServiceType == typeof(AuthMarker)))
        {
            return services;
        }

        services.TryAddSingleton<AuthMarker>();
        services.AddValidatedOptions<AuthOptions>(AuthOptions.Section);
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<AuthOptions>, PrincipalsFile>();
        services.AddAuthentication(BearerTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthenticationHandler>(BearerTokenAuthenticationHandler.SchemeName, null);
        return services;
    }

    private sealed class AuthMarker;
}

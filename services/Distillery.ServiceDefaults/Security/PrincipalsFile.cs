using System.Text.Json;
using Distillery.ServiceDefaults.Configuration;
using Microsoft.Extensions.Options;

namespace Distillery.ServiceDefaults.Security;

/// <summary>Adds the principals of <see cref="AuthOptions.PrincipalsFile"/> to those configured by key; a file that cannot be read stops the host naming it.</summary>
internal sealed class PrincipalsFile : IPostConfigureOptions<AuthOptions>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    public void PostConfigure(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.PrincipalsFile))
        {
            return;
        }

        var key = $"{AuthOptions.Section}:PrincipalsFile";
        List<Entry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(options.PrincipalsFile), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidConfigurationException($"{key}: cannot read principals from '{options.PrincipalsFile}': {e.Message}", e);
        }

        foreach (var entry in entries ?? [])
        {
            var principal = new PrincipalOptions { Name = entry.Name ?? "", TokenSha256 = entry.TokenSha256 ?? "" };
            foreach (var role in entry.Roles ?? [])
            {
                principal.Roles.Add(role);
            }

            options.Principals.Add(principal);
        }
    }

    private sealed record Entry(string? Name, string? TokenSha256, string[]? Roles);
}

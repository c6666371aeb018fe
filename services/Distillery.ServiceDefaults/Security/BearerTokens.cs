using System.Security.Cryptography;
using System.Text;

namespace Distillery.ServiceDefaults.Security;

/// <summary>Bearer tokens and their hashes, as configured and as presented.</summary>
public static class BearerTokens
{
    public const string Scheme = "Bearer";

    /// <summary>The SHA-256 of a token, lower-case hex: what a server's configuration holds instead of the token.</summary>
    public static string Sha256(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>A new random token (256 bits, URL-safe).</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The token of an <c>authorization: Bearer …</c> header, or null when the header is absent or of another scheme.</summary>
    public static string? FromHeader(string? authorization) =>
        authorization is { } header && header.StartsWith($"{Scheme} ", StringComparison.OrdinalIgnoreCase) ? header[(Scheme.Length + 1)..].Trim() : null;
}

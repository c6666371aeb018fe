using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Distillery.Datasets.Text;

/// <summary>
/// The readable body of a raw RFC 822 e-mail: headers stripped, the text part of a multipart
/// message chosen, quoted-printable and base64 decoded, HTML reduced to its text, whitespace
/// collapsed and the result capped in length. The sender, recipients and routing are never
/// kept: a classifier must judge the message, not its envelope.
/// </summary>
internal static partial class EmailBody
{
    public const int MaxCharacters = 2_000;

    /// <summary>The body text, or null when nothing readable remains.</summary>
    public static string? Extract(string rawMessage)
    {
        var text = Part(rawMessage.Replace("\r\n", "\n", StringComparison.Ordinal), depth: 0);
        if (text is null)
        {
            return null;
        }

        text = Whitespace().Replace(text, " ").Trim();
        if (text.Count(char.IsLetter) < 30)
        {
            return null;
        }

        if (text.Length > MaxCharacters)
        {
            var cut = text.LastIndexOf(' ', MaxCharacters);
            text = text[..(cut > MaxCharacters / 2 ? cut : MaxCharacters)];
        }

        return text;
    }

    private static string? Part(string entity, int depth)
    {
        var split = entity.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = Headers(split < 0 ? entity : entity[..split]);
        var body = split < 0 ? string.Empty : entity[(split + 2)..];
        var contentType = headers.GetValueOrDefault("content-type", "text/plain");
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();

        if (mediaType.StartsWith("multipart/", StringComparison.Ordinal) && depth < 5 && Parameter(contentType, "boundary") is { } boundary)
        {
            var parts = body.Split("--" + boundary, StringSplitOptions.None).Skip(1)
                .Where(part => !part.StartsWith("--", StringComparison.Ordinal))
                .Select(part => part.TrimStart('\n', ' ', '\t'))
                .ToList();
            // Prefer the plain-text alternative; fall back to HTML, then to anything textual.
            return parts.Select(part => (Part: part, Type: PartType(part)))
                .OrderBy(part => part.Type switch { "text/plain" => 0, "text/html" => 1, _ => 2 })
                .Select(part => part.Type.StartsWith("text/", StringComparison.Ordinal) || part.Type.StartsWith("multipart/", StringComparison.Ordinal)
                    ? Part(part.Part, depth + 1)
                    : null)
                .FirstOrDefault(text => text is not null);
        }

        if (!mediaType.StartsWith("text/", StringComparison.Ordinal))
        {
            return null;
        }

        var decoded = Decode(body, headers.GetValueOrDefault("content-transfer-encoding", "7bit"), Parameter(contentType, "charset"));
        return mediaType == "text/html" ? HtmlText(decoded) : decoded;
    }

    private static string PartType(string part)
    {
        var split = part.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = Headers(split < 0 ? part : part[..split]);
        return headers.GetValueOrDefault("content-type", "text/plain").Split(';')[0].Trim().ToLowerInvariant();
    }

    private static Dictionary<string, string> Headers(string block)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        foreach (var line in block.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && name is not null)
            {
                headers[name] += " " + line.Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            name = line[..colon].Trim();
            if (!headers.TryAdd(name, line[(colon + 1)..].Trim()))
            {
                name = null;
            }
        }

        return headers;
    }

    private static string? Parameter(string header, string parameter)
    {
        var match = Regex.Match(header, parameter + @"\s*=\s*(""(?<v>[^""]*)""|(?<v>[^;\s]+))", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups["v"].Value : null;
    }

    private static string Decode(string body, string transferEncoding, string? charset)
    {
        var encoding = charset?.Trim().ToLowerInvariant() is "utf-8" or "utf8" ? Encoding.UTF8 : Encoding.Latin1;
        switch (transferEncoding.Trim().ToLowerInvariant())
        {
            case "quoted-printable":
                return encoding.GetString(QuotedPrintable(body));
            case "base64":
                try
                {
                    return encoding.GetString(Convert.FromBase64String(Whitespace().Replace(body, string.Empty)));
                }
                catch (FormatException)
                {
                    return string.Empty;
                }

            default:
                return body;
        }
    }

    private static byte[] QuotedPrintable(string body)
    {
        var bytes = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '=' && i + 1 < body.Length && body[i + 1] == '\n')
            {
                i++;
            }
            else if (c == '=' && i + 2 < body.Length && Uri.IsHexDigit(body[i + 1]) && Uri.IsHexDigit(body[i + 2]))
            {
                bytes.Add(Convert.ToByte(body.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.Latin1.GetBytes(c.ToString()));
            }
        }

        return [.. bytes];
    }

    private static string HtmlText(string html)
    {
        var text = ScriptOrStyle().Replace(html, " ");
        text = Comment().Replace(text, " ");
        text = Tag().Replace(text, " ");
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();
}

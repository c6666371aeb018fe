using System.Security.Cryptography;
using System.Text;

namespace Distillery.Labeling.Cache;

/// <summary>
/// What makes two labelling requests the same: the teacher's model (with any setting that
/// changes its answers), the prompt version, and the SHA-256 of the text.
/// </summary>
public sealed record LabelCacheKey(string Model, string PromptVersion, string TextSha256)
{
    public static LabelCacheKey For(string model, string promptVersion, string text) =>
        new(model, promptVersion, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
}

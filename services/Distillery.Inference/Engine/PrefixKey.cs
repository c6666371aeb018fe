using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Distillery.Inference.Engine;

/// <summary>The prefix cache's key: a SHA-256 of the model's name and the prefix's tokens, so equal text tokenised alike always meets its entry.</summary>
internal static class PrefixKey
{
    public static string Of(string model, ReadOnlySpan<int> tokens)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(model));
        hash.AppendData([0]);
        hash.AppendData(MemoryMarshal.AsBytes(tokens));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

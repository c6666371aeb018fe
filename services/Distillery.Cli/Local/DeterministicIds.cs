using System.Security.Cryptography;
using System.Text;

namespace Distillery.Cli.Local;

/// <summary>Ids and seeds derived from what they are for, so the same job and seed give the same models and the same report.</summary>
internal static class DeterministicIds
{
    public static Guid ModelId(params object[] parts) => new(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('/', parts)))[..16]);

    public static ulong Seed(params object[] parts) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('/', parts))), 0);
}

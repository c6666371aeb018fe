using System.Security.Cryptography;
using System.Text;

namespace Distillery.Cli.Local;

/// <summary>Model ids derived from what they are for, so a re-run of the same job and seed finds the same models (seeds: <see cref="Domain.Jobs.JobSeeds"/>).</summary>
internal static class DeterministicIds
{
    public static Guid ModelId(params object[] parts) => new(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('/', parts)))[..16]);
}

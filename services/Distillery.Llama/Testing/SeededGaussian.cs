using Distillery.Domain.Randomness;

namespace Distillery.Llama.Testing;

/// <summary>
/// Normal deviates from <see cref="DeterministicRandom"/> (Box–Muller), one stream per tensor
/// name, so a tensor's values depend on the seed and its name only, never on the order tensors
/// are written in.
/// </summary>
internal static class SeededGaussian
{
    public static void Fill(Span<float> values, ulong seed, string tensorName, float spread)
    {
        var random = DeterministicRandom.For(seed, tensorName);
        for (var i = 0; i < values.Length; i += 2)
        {
            // 1 - u keeps the logarithm's argument in (0, 1].
            var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
            var angle = 2.0 * Math.PI * random.NextDouble();
            values[i] = (float)(radius * Math.Cos(angle)) * spread;
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(angle)) * spread;
            }
        }
    }
}

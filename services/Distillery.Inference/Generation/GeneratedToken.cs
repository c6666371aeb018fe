namespace Distillery.Inference.Generation;

/// <summary>
/// A generated token: its id, the bytes it stands for (a byte-fallback token may be part of a UTF-8
/// character), its log-probability under the model before any grammar or temperature, and the
/// most likely alternatives when they were asked for.
/// </summary>
public sealed record GeneratedToken(int Id, byte[] Bytes, double LogProbability, IReadOnlyList<TokenAlternative> Alternatives);

/// <summary>A token the model could have produced instead, with its log-probability.</summary>
public sealed record TokenAlternative(int Id, byte[] Bytes, double LogProbability);

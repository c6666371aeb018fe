namespace Distillery.Inference.Engine;

/// <summary>An engine's counts since it started, read by tests and the benchmark (the same figures go to the meter).</summary>
public sealed record EngineStatistics(long Steps, long DecodedTokens, int BusySlots, int QueueLength, int CachedPrefixes);

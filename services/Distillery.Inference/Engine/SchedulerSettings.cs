namespace Distillery.Inference.Engine;

/// <summary>How a model's scheduler runs (from its <see cref="Configuration.ModelOptions"/>).</summary>
internal sealed record SchedulerSettings(int Slots, int ContextLength, int QueueCapacity, bool PrefixCache, int PrefixCacheEntries);

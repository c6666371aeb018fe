namespace Distillery.Domain.Tasks;

/// <summary>One classification task: a corpus, a codebook, split sizes and a seed.</summary>
public sealed record TaskSpec(
    string Name,
    string? Description,
    Codebook Codebook,
    DataSourceSpec Data,
    SplitSpec Splits,
    ulong Seed);

using Distillery.Datasets.Corpora;
using Distillery.Domain.Tasks;

namespace Distillery.Datasets.Benchmark;

/// <summary>A passage with the label its task gives it.</summary>
public sealed record LabelledPassage(SourcePassage Passage, string Label);

/// <summary>The documents a benchmark task keeps, and the few-shot examples drawn from groups it left out.</summary>
public sealed record SampledTask(BenchmarkTaskDefinition Definition, IReadOnlyList<LabelledPassage> Documents, IReadOnlyList<FewShotExample> Examples);

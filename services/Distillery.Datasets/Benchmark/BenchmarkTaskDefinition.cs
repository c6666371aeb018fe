using Distillery.Datasets.Corpora;
using Distillery.Domain.Tasks;

namespace Distillery.Datasets.Benchmark;

/// <summary>
/// One benchmark task: which corpus, how a passage gets its label (null leaves it out), and
/// the codebook a coder would be given. Labels come from human judgements or metadata the
/// corpus records, never from the text itself.
/// </summary>
public sealed record BenchmarkTaskDefinition(
    string Name,
    string Description,
    string Corpus,
    string Instructions,
    LabelDefinition Positive,
    LabelDefinition Negative,
    Func<SourcePassage, string?> Label,
    int MaxPassagesPerGroup = int.MaxValue);

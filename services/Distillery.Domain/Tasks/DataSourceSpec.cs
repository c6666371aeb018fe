using Distillery.Domain.Specs;

namespace Distillery.Domain.Tasks;

/// <summary>
/// Where a task's documents are and which columns (CSV) or fields (JSONL) hold what.
/// Without a label column the corpus is unlabelled; rows with an empty label are unlabelled
/// too, and can only go to the training pool. The group column names the source document a
/// passage came from, so that passages of one document never straddle splits.
/// </summary>
public sealed record DataSourceSpec(
    string Path,
    DataFormat Format,
    string IdColumn,
    string TextColumn,
    string? LabelColumn,
    string? GroupColumn,
    DataFilter? Filter,
    SourceLocation? Location = null);

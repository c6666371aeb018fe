namespace Distillery.Domain.Data;

/// <summary>A field's value and the 1-based column where it starts.</summary>
public sealed record SourceField(string? Value, int Column);

/// <summary>One row of a CSV file or one line of a JSONL file, with where each field is.</summary>
public sealed record SourceRecord(int Line, IReadOnlyDictionary<string, SourceField> Fields);

namespace Distillery.Storage;

/// <summary>A row of <c>corpus_documents</c>.</summary>
public sealed record CorpusDocument(string TaskId, string DocumentId, string Text, string? HumanLabel, string? GroupId, string? Split);

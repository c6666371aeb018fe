namespace Distillery.Datasets.Corpora;

/// <summary>
/// A passage taken from a source corpus, before any task labels it: its id, the source
/// document it came from (the group that splits keep together), its text, and the facts the
/// corpus records about its source (genre, party, year, spam folder).
/// </summary>
public sealed record SourcePassage(string Id, string Group, string Text, IReadOnlyDictionary<string, string> Facts);

namespace Distillery.Domain.Data;

/// <summary>
/// One text to classify. <see cref="Label"/> is the human label, null when nobody coded it.
/// <see cref="Group"/> names the source document a passage came from (the document's own id
/// when it stands alone): splits keep a group together.
/// </summary>
public sealed record Document(string Id, string Text, string? Label, string Group);

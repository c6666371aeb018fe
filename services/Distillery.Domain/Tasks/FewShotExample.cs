namespace Distillery.Domain.Tasks;

/// <summary>A worked example shown to the teacher in its prompt.</summary>
public sealed record FewShotExample(string Text, string Label);

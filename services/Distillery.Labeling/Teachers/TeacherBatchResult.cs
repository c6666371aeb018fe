namespace Distillery.Labeling.Teachers;

/// <summary>
/// A batch's labels, in request order, with what it cost (money in US dollars when the teacher
/// has a price) and, for language models, which model and prompt produced them.
/// </summary>
public sealed record TeacherBatchResult(IReadOnlyList<TeacherLabel> Labels, decimal? CostUsd, TeacherProvenance? Provenance = null)
{
    public int PromptTokens => Labels.Sum(label => label.PromptTokens);

    public int CompletionTokens => Labels.Sum(label => label.CompletionTokens);

    /// <summary>Texts the teacher gave no valid label for; never silently turned into a class.</summary>
    public int Abstentions => Labels.Count(label => label.Label is null);

    /// <summary>Labels answered from the label cache, at no cost.</summary>
    public int CacheHits => Labels.Count(label => label.Cached);
}

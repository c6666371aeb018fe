namespace Distillery.Labeling.Teachers;

/// <summary>A batch's labels, in request order, with what it cost (money in US dollars when the teacher has a price).</summary>
public sealed record TeacherBatchResult(IReadOnlyList<TeacherLabel> Labels, decimal? CostUsd)
{
    public int PromptTokens => Labels.Sum(label => label.PromptTokens);

    public int CompletionTokens => Labels.Sum(label => label.CompletionTokens);
}

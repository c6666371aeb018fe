namespace Distillery.Labeling.Teachers;

/// <summary>
/// Labels texts with a task's codebook. Batched and asynchronous so that an LLM behind an API
/// can be called concurrently, cancelled, and accounted for in tokens and money.
/// </summary>
public interface ITeacher
{
    /// <summary>The name reports use; says truthfully what it is (a simulated teacher never reads as an LLM).</summary>
    string Name { get; }

    /// <summary>The kind from the job spec: <c>replay</c>, <c>simulated</c>, <c>openai</c>, <c>local</c>.</summary>
    string Kind { get; }

    /// <summary>Whether a language model produces the labels (false for simulated and replayed labels of unknown origin).</summary>
    bool IsLanguageModel { get; }

    Task<TeacherBatchResult> LabelAsync(TeacherRequest request, CancellationToken cancellationToken);
}

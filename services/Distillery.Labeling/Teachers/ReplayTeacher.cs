namespace Distillery.Labeling.Teachers;

/// <summary>
/// Labels recorded earlier (an LLM's labels from a previous run, say), read from a file keyed
/// by document id. A requested id missing from the file is an error that names it; a label not
/// in the codebook is an error that names the label and the allowed ones.
/// </summary>
public sealed class ReplayTeacher(string name, string source, IReadOnlyDictionary<string, RecordedLabel> labels) : ITeacher
{
    public const string KindName = "replay";

    public string Name { get; } = name;

    public string Kind => KindName;

    public bool IsLanguageModel => false;

    public string Source { get; } = source;

    public Task<TeacherBatchResult> LabelAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var answers = new List<TeacherLabel>(request.Texts.Count);
        foreach (var text in request.Texts)
        {
            if (!labels.TryGetValue(text.Id, out var recorded))
            {
                throw new TeacherException($"replay teacher '{Name}': {Source} has no label for document '{text.Id}' of task '{request.TaskId}'");
            }

            if (!request.Codebook.Contains(recorded.Label))
            {
                throw new TeacherException(
                    $"replay teacher '{Name}': {Source} labels document '{text.Id}' '{recorded.Label}', which is not in the codebook of task '{request.TaskId}' (allowed: {request.Codebook.Allowed})");
            }

            answers.Add(new TeacherLabel(text.Id, recorded.Label, recorded.Probabilities));
        }

        return Task.FromResult(new TeacherBatchResult(answers, CostUsd: null));
    }
}

/// <summary>One replayed label, with per-label probabilities if the file had them.</summary>
public sealed record RecordedLabel(string Label, IReadOnlyList<double>? Probabilities);

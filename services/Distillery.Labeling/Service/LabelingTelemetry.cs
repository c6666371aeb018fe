using System.Diagnostics.Metrics;
using Distillery.Labeling.Teachers;

namespace Distillery.Labeling.Service;

/// <summary>The Labeling service's meter (exported by the service defaults, which subscribe to <c>Distillery.*</c>).</summary>
public sealed class LabelingTelemetry : IDisposable
{
    public const string Name = "Distillery.Labeling";

    private readonly Meter _meter = new(Name);

    public LabelingTelemetry()
    {
        Labels = _meter.CreateCounter<long>("distillery_texts_labelled", "{text}", "Texts labelled, by teacher and outcome (labelled, abstained, cached)");
        Tokens = _meter.CreateCounter<long>("distillery_teacher_tokens", "{token}", "Tokens the teacher was charged for, by teacher and kind (prompt, completion)");
        Cost = _meter.CreateCounter<double>("distillery_teacher_cost", "USD", "Money spent on the teacher, by teacher and task");
        Retries = _meter.CreateCounter<long>("distillery_teacher_retries", "{retry}", "Teacher calls retried after a 429, 5xx or network fault, by status");
        BatchDuration = _meter.CreateHistogram<double>("distillery_label_batch_duration", "s", "Wall time of labelling one LabelBatch");
        TeacherCallDuration = _meter.CreateHistogram<double>(
            "distillery_teacher_call_duration", "s", "Wall time of one call to a language-model teacher with the texts the label cache did not answer, by teacher");
    }

    public Counter<long> Labels { get; }

    public Counter<long> Tokens { get; }

    public Counter<double> Cost { get; }

    public Counter<long> Retries { get; }

    public Histogram<double> BatchDuration { get; }

    /// <summary>
    /// The teacher's own share of a batch (the model's answer, without label-cache look-ups or
    /// storage): a batch's duration minus its teacher calls is the service's overhead.
    /// </summary>
    public Histogram<double> TeacherCallDuration { get; }

    /// <summary>Counts one teacher answer for a batch of one task.</summary>
    public void Record(string taskId, TeacherBatchResult result, string teacher)
    {
        var teacherTag = KeyValuePair.Create<string, object?>("teacher", teacher);
        Labels.Add(result.Labels.Count(label => label.Label is not null && !label.Cached), teacherTag, KeyValuePair.Create<string, object?>("outcome", "labelled"));
        Labels.Add(result.Abstentions, teacherTag, KeyValuePair.Create<string, object?>("outcome", "abstained"));
        Labels.Add(result.CacheHits, teacherTag, KeyValuePair.Create<string, object?>("outcome", "cached"));
        Tokens.Add(result.PromptTokens, teacherTag, KeyValuePair.Create<string, object?>("kind", "prompt"));
        Tokens.Add(result.CompletionTokens, teacherTag, KeyValuePair.Create<string, object?>("kind", "completion"));
        if (result.CostUsd is { } cost)
        {
            Cost.Add((double)cost, teacherTag, KeyValuePair.Create<string, object?>("task", taskId));
        }
    }

    /// <summary>Times one call to a language-model teacher.</summary>
    public void RecordTeacherCall(string teacher, TimeSpan elapsed) =>
        TeacherCallDuration.Record(elapsed.TotalSeconds, KeyValuePair.Create<string, object?>("teacher", teacher));

    public void Dispose() => _meter.Dispose();
}

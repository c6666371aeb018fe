using System.Text.Json;
using Distillery.Contracts.Labeling;
using Distillery.Contracts.Training;
using Distillery.Evaluation.Reports;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// The Coordinator's copy of the teachers' labels (<c>coordinator_labels</c>), kept from the
/// <see cref="BatchLabeled"/> events that carry them: the gate, the students' training items and
/// labels, the teacher arms' test labels and the report's usage all read it, so no SQL reaches
/// the Labeling service's own tables.
/// </summary>
internal static class CoordinatorLabels
{
    /// <summary>Keeps a batch's labels; a repeated event adds nothing.</summary>
    public static Task StoreAsync(WorkflowTransaction transaction, Guid jobId, string taskName, string teacher, IReadOnlyList<TeacherLabelRecord> labels, CancellationToken cancellationToken) =>
        labels.Count == 0
            ? Task.CompletedTask
            : transaction.ExecuteAsync(
                "INSERT INTO coordinator_labels (job_id, task_name, teacher, document_id, label, probabilities, prompt_tokens, completion_tokens, cached, cost_usd, model, prompt_version) " +
                "SELECT $1, $2, $3, d, l, p::jsonb, pt, ct, c, cost, m, v " +
                "FROM unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::bool[], $10::numeric[], $11::text[], $12::text[]) AS u(d, l, p, pt, ct, c, cost, m, v) " +
                "ON CONFLICT DO NOTHING",
                [
                    jobId, taskName, teacher,
                    labels.Select(label => label.DocumentId).ToArray(),
                    labels.Select(label => label.Label).ToArray(),
                    labels.Select(label => label.Probabilities is null ? null : JsonSerializer.Serialize(label.Probabilities)).ToArray(),
                    labels.Select(label => label.PromptTokens).ToArray(),
                    labels.Select(label => label.CompletionTokens).ToArray(),
                    labels.Select(label => label.Cached).ToArray(),
                    labels.Select(label => label.CostUsd).ToArray(),
                    labels.Select(label => label.Model).ToArray(),
                    labels.Select(label => label.PromptVersion).ToArray(),
                ],
                cancellationToken);

    /// <summary>The teacher's label of each of <paramref name="ids"/> it labelled (null: it abstained).</summary>
    public static async Task<Dictionary<string, string?>> LabelsAsync(
        WorkflowTransaction transaction, Guid jobId, string taskName, string teacher, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        (await transaction.QueryAsync(
            "SELECT document_id, label FROM coordinator_labels WHERE job_id = $1 AND task_name = $2 AND teacher = $3 AND document_id = ANY($4)",
            [jobId, taskName, teacher, ids.ToArray()], reader => (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)), cancellationToken))
        .ToDictionary(row => row.Item1, row => row.Item2, StringComparer.Ordinal);

    /// <summary>What a student trains on from a teacher: its labels of <paramref name="ids"/> with their probabilities, abstentions left out.</summary>
    public static async Task<Dictionary<string, TrainingLabel>> TrainingLabelsAsync(
        WorkflowTransaction transaction, Guid jobId, string taskName, string teacher, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        (await transaction.QueryAsync(
            "SELECT document_id, label, probabilities::text FROM coordinator_labels WHERE job_id = $1 AND task_name = $2 AND teacher = $3 AND document_id = ANY($4) AND label IS NOT NULL",
            [jobId, taskName, teacher, ids.ToArray()],
            reader => (reader.GetString(0), new TrainingLabel(reader.GetString(1), reader.IsDBNull(2) ? null : JsonSerializer.Deserialize<double[]>(reader.GetString(2)))),
            cancellationToken))
        .ToDictionary(row => row.Item1, row => row.Item2, StringComparer.Ordinal);

    /// <summary>
    /// What the <paramref name="teachers"/> spent on <paramref name="ids"/> of the task, as a local run counts
    /// it: labels, tokens, cost (null when any label had no price), abstentions, cache hits, model and prompt.
    /// </summary>
    public static async Task<TeacherUsage> UsageAsync(
        WorkflowTransaction transaction, Guid jobId, string taskName, string[] teachers, string[] ids, CancellationToken cancellationToken) =>
        (await transaction.QueryAsync(
            "SELECT count(*)::int, coalesce(sum(prompt_tokens), 0)::bigint, coalesce(sum(completion_tokens), 0)::bigint, " +
            "CASE WHEN bool_and(cost_usd IS NOT NULL) THEN sum(cost_usd) END, count(*) FILTER (WHERE label IS NULL)::int, count(*) FILTER (WHERE cached)::int, " +
            "min(model), min(prompt_version) FROM coordinator_labels WHERE job_id = $1 AND task_name = $2 AND teacher = ANY($3) AND document_id = ANY($4)",
            [jobId, taskName, teachers, ids],
            reader => new TeacherUsage(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetDecimal(3), reader.GetInt32(4),
                reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)),
            cancellationToken)).Single();
}

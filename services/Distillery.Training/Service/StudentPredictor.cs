using Distillery.Training.Persistence;
using Distillery.Training.Students;
using Microsoft.Extensions.Options;

namespace Distillery.Training.Service;

/// <summary>
/// Classifies texts with a stored student, in batches of a bounded size so a whole corpus can
/// stream through without holding its feature matrix at once. Loaded models are kept by id, the
/// <see cref="TrainingOptions.LoadedStudents"/> most recently used of them.
/// </summary>
public sealed class StudentPredictor(IStudentModelStore store, StudentModelReaders readers, TrainingTelemetry telemetry, IOptions<TrainingOptions> options)
{
    private readonly LoadedStudents _models = new(options.Value.LoadedStudents);

    public async Task<IStudentModel> ModelAsync(Guid modelId, CancellationToken cancellationToken) =>
        await _models.GetOrLoad(modelId, () => LoadAsync(modelId, cancellationToken));

    /// <summary>
    /// Unloads a model its caller is done with (a local run, once a task's student is evaluated),
    /// freeing a fine-tuned network's memory now; a later request loads it again.
    /// </summary>
    public void Release(Guid modelId) => _models.Remove(modelId);

    /// <summary>Per text, a probability per label of the model's label set.</summary>
    public async Task<double[][]> PredictProbabilitiesAsync(Guid modelId, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var model = await ModelAsync(modelId, cancellationToken);
        var batch = options.Value.PredictionBatchSize;
        var result = new List<double[]>(texts.Count);
        for (var start = 0; start < texts.Count; start += batch)
        {
            var slice = texts.Skip(start).Take(batch).ToList();
            result.AddRange(await model.PredictProbabilitiesAsync(slice, cancellationToken));
            telemetry.PredictionBatchSize.Record(slice.Count);
            telemetry.Predictions.Add(slice.Count, new KeyValuePair<string, object?>("kind", model.Kind));
        }

        return [.. result];
    }

    /// <summary>Per text, the most probable label (ties to the first in the model's label set).</summary>
    public async Task<string[]> PredictLabelsAsync(Guid modelId, IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        StudentPredictions.Labels(await ModelAsync(modelId, cancellationToken), await PredictProbabilitiesAsync(modelId, texts, cancellationToken));

    private async Task<IStudentModel> LoadAsync(Guid modelId, CancellationToken cancellationToken)
    {
        var stored = await store.FindAsync(modelId, cancellationToken) ?? throw new KeyNotFoundException($"no student model '{modelId}'");
        return StudentModelFile.Deserialize(stored.ModelBytes, readers, $"student model {modelId}");
    }
}

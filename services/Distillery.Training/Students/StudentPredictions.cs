namespace Distillery.Training.Students;

public static class StudentPredictions
{
    /// <summary>The most probable label of each text (ties to the first label in the label set).</summary>
    public static async Task<string[]> PredictAsync(this IStudentModel model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var probabilities = await model.PredictProbabilitiesAsync(texts, cancellationToken);
        return [.. probabilities.Select(row => model.Labels[TrainingSet.ArgMax(row)])];
    }
}

namespace Distillery.Training.Students;

public static class StudentPredictions
{
    /// <summary>The most probable label of each text (ties to the first label in the label set).</summary>
    public static async Task<string[]> PredictAsync(this IStudentModel model, IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        return Labels(model, await model.PredictProbabilitiesAsync(texts, cancellationToken));
    }

    /// <summary>The most probable label of each row of <paramref name="probabilities"/>, in the model's label order.</summary>
    public static string[] Labels(IStudentModel model, double[][] probabilities) =>
        [.. probabilities.Select(row => model.Labels[TrainingSet.ArgMax(row)])];
}

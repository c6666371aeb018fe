namespace Distillery.Evaluation.Service;

/// <summary>How the Evaluation service gets a student's labels for texts (the Students API in distributed mode).</summary>
public interface IStudentPredictions
{
    Task<IReadOnlyList<string>> PredictAsync(Guid modelId, IReadOnlyList<(string Id, string Text)> texts, CancellationToken cancellationToken);
}

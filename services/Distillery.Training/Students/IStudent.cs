namespace Distillery.Training.Students;

/// <summary>An untrained student of one kind with its settings, in the spirit of a scikit-learn estimator.</summary>
public interface IStudent
{
    string Kind { get; }

    /// <summary>
    /// Trains on <paramref name="data"/>; the same data, settings and seed give the same model.
    /// A student whose fit takes long tells <paramref name="progress"/> how far it is (every batch
    /// of texts embedded, every optimiser step); the calls come on the fitting thread, so a sink
    /// should be cheap and throttle what it passes on.
    /// </summary>
    Task<FittedStudent> FitAsync(TrainingSet data, ulong seed, IProgress<StudentProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>A trained model and what its training found (the chosen C and its cross-validated score, when searched).</summary>
public sealed record FittedStudent(IStudentModel Model, IReadOnlyDictionary<string, double> Diagnostics)
{
    public double? CrossValidatedScore => Diagnostics.TryGetValue("cv_macro_f1", out var score) ? score : null;
}

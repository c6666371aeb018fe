using Distillery.Domain.Metrics;

namespace Distillery.Training.Students;

/// <summary>A trained student: predicts label probabilities for texts and writes itself for storage.</summary>
public interface IStudentModel
{
    /// <summary>The kind that trained it, e.g. <c>tfidf-logreg</c>; names its reader when loaded back.</summary>
    string Kind { get; }

    LabelSet Labels { get; }

    /// <summary>Per text, a probability per label in <see cref="Labels"/> order.</summary>
    Task<double[][]> PredictProbabilitiesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>The model's own state; <see cref="Persistence.StudentModelFile"/> adds the header and checksum.</summary>
    void WritePayload(BinaryWriter writer);
}

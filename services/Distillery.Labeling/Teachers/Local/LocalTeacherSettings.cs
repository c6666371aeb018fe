using Distillery.Domain.Jobs;

namespace Distillery.Labeling.Teachers.Local;

/// <summary>How the answer is read from a local model: label likelihoods, calibrated or not, or a grammar-constrained answer.</summary>
public enum LocalTeacherMode
{
    /// <summary>Each label's probability from the model's log-likelihood of its tokens after the prompt (no sampling).</summary>
    Score,

    /// <summary>
    /// SCORE with contextual calibration (Zhao et al. 2021): the Inference service divides each
    /// label's probability by the model's bias towards it, measured under the same prompt on
    /// content-free inputs, and renormalises.
    /// </summary>
    CalibratedScore,

    /// <summary>A greedy answer under a grammar that admits only the labels.</summary>
    Generate,
}

/// <summary>
/// Where the Inference service is, which of its models labels, and how. With
/// <paramref name="CompareModes"/> (the spec's <c>mode: auto</c>) the validation gate labels in
/// every mode and keeps the one that agrees best with the humans; <paramref name="Mode"/> is then
/// only the first of them. <paramref name="Token"/> is the Inference service's bearer token,
/// kept out of <see cref="ToString"/>.
/// </summary>
public sealed record LocalTeacherSettings(Uri Address, string Model, LocalTeacherMode Mode = LocalTeacherMode.Score, int FewShotExamples = int.MaxValue, int BatchSize = 16, bool CompareModes = false, string? Token = null)
{
    /// <summary>The spec's name of the mode (score, calibrated_score, generate).</summary>
    public string ModeName => Name(Mode);

    public static string Name(LocalTeacherMode mode) => mode switch
    {
        LocalTeacherMode.CalibratedScore => LocalLabelingModes.CalibratedScore,
        LocalTeacherMode.Generate => LocalLabelingModes.Generate,
        _ => LocalLabelingModes.Score,
    };

    public static LocalTeacherMode Parse(string mode) => mode switch
    {
        LocalLabelingModes.CalibratedScore => LocalTeacherMode.CalibratedScore,
        LocalLabelingModes.Generate => LocalTeacherMode.Generate,
        LocalLabelingModes.Score => LocalTeacherMode.Score,
        _ => throw new ArgumentException($"'{mode}' is not a labelling mode ({string.Join(", ", LocalLabelingModes.Compared)})", nameof(mode)),
    };

    public override string ToString() => $"local model {Model} at {Address} ({(CompareModes ? LocalLabelingModes.Auto : ModeName)})";
}

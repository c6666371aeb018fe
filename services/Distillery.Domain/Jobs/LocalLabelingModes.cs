namespace Distillery.Domain.Jobs;

/// <summary>
/// How the answer of a model served by our Inference service (the <c>local</c> teacher) is read,
/// by the names job specs use, and the teacher name each mode labels under. Label likelihoods of
/// instruction-tuned models are often miscalibrated and can disagree with what the model would
/// answer, so which reading agrees best with the humans is an empirical question per task: with
/// <see cref="Auto"/> the validation gate labels the validation split in every mode and keeps the
/// best. Local mode and the Coordinator both name the modes' teachers here, so that labels stored
/// under one name are found under the same name.
/// </summary>
public static class LocalLabelingModes
{
    /// <summary>Each label's probability from the log-likelihood of its tokens after the prompt.</summary>
    public const string Score = "score";

    /// <summary>SCORE divided by the model's bias measured on content-free inputs (contextual calibration).</summary>
    public const string CalibratedScore = "calibrated_score";

    /// <summary>A greedy answer under a grammar that admits only the labels.</summary>
    public const string Generate = "generate";

    /// <summary>Not a mode: the gate compares <see cref="Compared"/> and keeps the best.</summary>
    public const string Auto = "auto";

    /// <summary>The modes the gate compares, in the order ties are broken (cheapest first).</summary>
    public static readonly IReadOnlyList<string> Compared = [Score, CalibratedScore, Generate];

    /// <summary>Every value the spec's <c>mode</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Accepted = [.. Compared, Auto];

    /// <summary>"calibrated score" for calibrated_score: how reports and teacher names spell a mode.</summary>
    public static string Describe(string mode) => mode.Replace('_', ' ');

    /// <summary>
    /// The name a mode's labels are stored and reported under: the spec's name, or the model's,
    /// and the mode. When the gate compares modes a named teacher gets the mode appended, so
    /// that the three modes' labels of one document never overwrite each other.
    /// </summary>
    public static string TeacherName(string? specName, string model, string mode, bool comparing) =>
        specName is null ? $"{model} (local, {Describe(mode)})"
        : comparing ? $"{specName} ({Describe(mode)})"
        : specName;
}

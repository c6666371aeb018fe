namespace Distillery.Labeling.Teachers.Local;

/// <summary>How the answer is read from a local model: label likelihoods, or a grammar-constrained answer.</summary>
public enum LocalTeacherMode
{
    /// <summary>Each label's probability from the model's log-likelihood of its tokens after the prompt (no sampling).</summary>
    Score,

    /// <summary>A greedy answer under a grammar that admits only the labels.</summary>
    Generate,
}

/// <summary>Where the Inference service is, which of its models labels, and how.</summary>
public sealed record LocalTeacherSettings(Uri Address, string Model, LocalTeacherMode Mode = LocalTeacherMode.Score, int FewShotExamples = int.MaxValue, int BatchSize = 16)
{
    public override string ToString() => $"local model {Model} at {Address} ({Mode})";
}

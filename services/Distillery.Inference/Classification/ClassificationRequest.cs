using Distillery.Domain.Tasks;

namespace Distillery.Inference.Classification;

/// <summary>How a label is chosen.</summary>
public enum ClassificationMode
{
    /// <summary>Compare the model's probability of each label's tokens after the prompt; nothing is generated.</summary>
    Score,

    /// <summary>Generate greedily under a grammar that admits only the labels.</summary>
    Generate,
}

/// <summary>A text to classify, with the caller's id for it.</summary>
public sealed record ClassifiedText(string Id, string Text);

/// <summary>Texts to label with a codebook on one model.</summary>
/// <param name="Calibrate">SCORE only: contextual calibration against content-free inputs.</param>
public sealed record ClassificationRequest(Codebook Codebook, IReadOnlyList<ClassifiedText> Texts, ClassificationMode Mode, bool Calibrate = false);

namespace Distillery.Training.Students;

/// <summary>
/// How far a student's fit is through one of its long activities: <c>("embedding", 420, 1800)</c>
/// while the training texts are embedded, <c>("fine-tuning epoch 2/3", 140, 420)</c> (optimiser
/// steps) while the encoder is fine-tuned. <see cref="Done"/> never exceeds <see cref="Total"/>.
/// </summary>
public sealed record StudentProgress(string Activity, long Done, long Total)
{
    /// <summary>The activity of an embedding student while its texts are embedded.</summary>
    public const string Embedding = "embedding";
}

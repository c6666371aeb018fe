namespace Distillery.Training.Models;

/// <summary>
/// How <see cref="MlpTrainer"/> fits a perceptron: its hidden layer, AdamW's learning rate and
/// decoupled weight decay, mini-batches, and early stopping (stop once the validation loss has
/// not improved for <see cref="Patience"/> epochs, at most <see cref="MaxEpochs"/>).
/// </summary>
public sealed record MlpOptions
{
    public int HiddenSize { get; init; } = 128;

    public int BatchSize { get; init; } = 32;

    public int MaxEpochs { get; init; } = 200;

    public int Patience { get; init; } = 10;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW's decoupled weight decay, applied to the weights and not the biases.</summary>
    public double WeightDecay { get; init; } = 1e-2;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEpochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Patience);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay);
    }
}

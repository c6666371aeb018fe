using Distillery.Domain.Randomness;
using Distillery.Training.Optimization;

namespace Distillery.Training.Models;

/// <summary>
/// Fits an <see cref="MlpHead"/> by mini-batch AdamW on the weighted cross-entropy against
/// per-class targets, with early stopping: after each epoch the loss on the validation items is
/// measured, and the weights of the epoch with the lowest one are kept. The initialisation
/// (He-uniform for the ReLU layer, Glorot-uniform for the output, zero biases) and each epoch's
/// shuffle come from <see cref="DeterministicRandom"/> streams of the seed, and all arithmetic is
/// single-threaded in a fixed order, so the same data, options and seed give the same weights
/// to the bit on a given machine.
/// </summary>
public static class MlpTrainer
{
    /// <param name="x">Every item's input vector.</param>
    /// <param name="targets">Every item's probability per class.</param>
    /// <param name="sampleWeights">Every item's weight in the loss (class weights).</param>
    /// <param name="train">The items to fit.</param>
    /// <param name="validation">The items to stop on; none trains for <see cref="MlpOptions.MaxEpochs"/> and keeps the last weights.</param>
    /// <param name="options">The layer size, optimiser and stopping settings.</param>
    /// <param name="seed">Seeds the initial weights and every epoch's shuffle.</param>
    /// <param name="cancellationToken">Checked before every mini-batch.</param>
    public static (MlpHead Head, MlpTrainingReport Report) Fit(
        float[][] x,
        double[][] targets,
        double[] sampleWeights,
        IReadOnlyList<int> train,
        IReadOnlyList<int> validation,
        MlpOptions options,
        ulong seed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(sampleWeights);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Count == 0)
        {
            throw new ArgumentException("there are no training items", nameof(train));
        }

        var head = Initial(x[0].Length, options.HiddenSize, targets[0].Length, seed);
        var backpropagation = new MlpBackpropagation(head.Hidden, head.Classes);
        var gradient = new float[head.Parameters.Length];
        var optimiser = new AdamW(head.Parameters.Length, [head.FirstWeights, head.SecondWeights])
        {
            LearningRate = options.LearningRate,
            WeightDecay = options.WeightDecay,
        };
        var order = train.ToArray();
        var shuffle = DeterministicRandom.For(seed, "mlp-shuffle");
        var best = (Loss: double.PositiveInfinity, Epoch: 0, Parameters: (float[])head.Parameters.Clone());
        var epoch = 0;
        while (epoch < options.MaxEpochs)
        {
            epoch++;
            shuffle.Shuffle(order);
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Array.Clear(gradient);
                var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
                backpropagation.Accumulate(head, x, targets, sampleWeights, batch, gradient);
                optimiser.Step(head.Parameters, gradient);
            }

            if (validation.Count == 0)
            {
                continue;
            }

            var loss = backpropagation.MeanLoss(head, x, targets, sampleWeights, validation);
            if (loss < best.Loss)
            {
                best = (loss, epoch, (float[])head.Parameters.Clone());
            }
            else if (epoch - best.Epoch >= options.Patience)
            {
                break;
            }
        }

        if (validation.Count == 0)
        {
            return (head, new MlpTrainingReport(epoch, epoch, double.NaN, optimiser.Steps));
        }

        var kept = new MlpHead(head.Inputs, head.Hidden, head.Classes, best.Parameters);
        return (kept, new MlpTrainingReport(epoch, best.Epoch, best.Loss, optimiser.Steps));
    }

    /// <summary>He-uniform weights into the ReLU layer, Glorot-uniform into the softmax, zero biases.</summary>
    private static MlpHead Initial(int inputs, int hidden, int classes, ulong seed)
    {
        var head = new MlpHead(inputs, hidden, classes, new float[MlpHead.ParameterCount(inputs, hidden, classes)]);
        var random = DeterministicRandom.For(seed, "mlp-init");
        Fill(head.Parameters.AsSpan(head.FirstWeights), Math.Sqrt(6.0 / inputs), random);
        Fill(head.Parameters.AsSpan(head.SecondWeights), Math.Sqrt(6.0 / (hidden + classes)), random);
        return head;
    }

    private static void Fill(Span<float> weights, double bound, DeterministicRandom random)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
        }
    }
}

using System.Numerics.Tensors;

namespace Distillery.Training.Models;

/// <summary>
/// The weighted cross-entropy of a perceptron against per-class targets, and its gradient by
/// backpropagation. Targets may be soft: the loss is −Σₖ tₖ log pₖ, whose gradient at the
/// scores is p − t, so hard one-hot labels and teacher probabilities train alike. Items are
/// taken one at a time in the batch's order and their gradients added in that order, so the
/// sum is the same bits on every run.
/// </summary>
internal sealed class MlpBackpropagation(int hidden, int classes)
{
    private readonly float[] _hidden = new float[hidden];
    private readonly float[] _scores = new float[classes];
    private readonly float[] _scoreGradient = new float[classes];
    private readonly float[] _hiddenGradient = new float[hidden];
    private readonly double[] _probabilities = new double[classes];

    /// <summary>
    /// Adds the gradient of the batch's mean weighted loss to <paramref name="gradient"/> (laid
    /// out as the head's parameters) and returns the batch's summed weighted loss.
    /// </summary>
    public double Accumulate(MlpHead head, float[][] x, double[][] targets, double[] weights, ReadOnlySpan<int> batch, Span<float> gradient)
    {
        ReadOnlySpan<float> secondWeights = head.Parameters.AsSpan(head.SecondWeights);
        var firstWeightGradient = gradient[head.FirstWeights];
        var firstBiasGradient = gradient[head.FirstBiases];
        var secondWeightGradient = gradient[head.SecondWeights];
        var secondBiasGradient = gradient[head.SecondBiases];
        var loss = 0.0;
        foreach (var item in batch)
        {
            var input = x[item];
            loss += ForwardLoss(head, input, targets[item], weights[item]);
            var scale = weights[item] / batch.Length;
            for (var k = 0; k < classes; k++)
            {
                _scoreGradient[k] = (float)(scale * (_probabilities[k] - targets[item][k]));
            }

            TensorPrimitives.Add(secondBiasGradient, _scoreGradient, secondBiasGradient);
            for (var j = 0; j < hidden; j++)
            {
                // The ReLU passes gradient only where it was active.
                if (_hidden[j] <= 0)
                {
                    _hiddenGradient[j] = 0;
                    continue;
                }

                var row = secondWeights.Slice(j * classes, classes);
                var rowGradient = secondWeightGradient.Slice(j * classes, classes);
                var sum = 0f;
                for (var k = 0; k < classes; k++)
                {
                    rowGradient[k] += _hidden[j] * _scoreGradient[k];
                    sum += row[k] * _scoreGradient[k];
                }

                _hiddenGradient[j] = sum;
            }

            TensorPrimitives.Add(firstBiasGradient, _hiddenGradient, firstBiasGradient);
            for (var i = 0; i < input.Length; i++)
            {
                var rowGradient = firstWeightGradient.Slice(i * hidden, hidden);
                TensorPrimitives.MultiplyAdd(_hiddenGradient, input[i], rowGradient, rowGradient);
            }
        }

        return loss;
    }

    /// <summary>The mean weighted loss over <paramref name="items"/>, for early stopping.</summary>
    public double MeanLoss(MlpHead head, float[][] x, double[][] targets, double[] weights, IReadOnlyList<int> items)
    {
        var loss = 0.0;
        foreach (var item in items)
        {
            loss += ForwardLoss(head, x[item], targets[item], weights[item]);
        }

        return loss / items.Count;
    }

    /// <summary>One item's weighted loss; leaves its activations and probabilities in the buffers.</summary>
    private double ForwardLoss(MlpHead head, float[] input, double[] target, double weight)
    {
        head.Forward(input, _hidden, _scores);
        var logSumExp = MlpHead.Softmax(_scores, _probabilities);
        var loss = 0.0;
        for (var k = 0; k < classes; k++)
        {
            if (target[k] > 0)
            {
                loss -= weight * target[k] * (_scores[k] - logSumExp);
            }
        }

        return loss;
    }
}

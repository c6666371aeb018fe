using System.Numerics.Tensors;

namespace Distillery.Training.Models;

/// <summary>
/// A fitted one-hidden-layer perceptron: softmax(ReLU(x W₁ + b₁) W₂ + b₂). The parameters are
/// one flat array, [W₁ (inputs × hidden, input-major) | b₁ | W₂ (hidden × classes) | b₂], so
/// that one optimiser step and one write cover them all; W₁ is input-major so the hidden layer
/// is built by adding one input's scaled weight row at a time, element-wise, in a fixed order.
/// </summary>
public sealed class MlpHead : IEmbeddingHead
{
    public MlpHead(int inputs, int hidden, int classes, float[] parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentNullException.ThrowIfNull(parameters);
        var expected = ParameterCount(inputs, hidden, classes);
        if (parameters.Length != expected)
        {
            throw new ArgumentException($"a {inputs}-{hidden}-{classes} perceptron has {expected} parameters, got {parameters.Length}");
        }

        Inputs = inputs;
        Hidden = hidden;
        Classes = classes;
        Parameters = parameters;
    }

    public int Inputs { get; }

    public int Hidden { get; }

    public int Classes { get; }

    public float[] Parameters { get; }

    internal Range FirstWeights => 0..(Inputs * Hidden);

    internal Range FirstBiases => FirstWeights.End.Value..(FirstWeights.End.Value + Hidden);

    internal Range SecondWeights => FirstBiases.End.Value..(FirstBiases.End.Value + (Hidden * Classes));

    internal Range SecondBiases => SecondWeights.End.Value..Parameters.Length;

    public static int ParameterCount(int inputs, int hidden, int classes) => checked((inputs * hidden) + hidden + (hidden * classes) + classes);

    /// <summary>Per row of <paramref name="embeddings"/>, a probability per class.</summary>
    public double[][] PredictProbabilities(IReadOnlyList<float[]> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        var hidden = new float[Hidden];
        var scores = new float[Classes];
        var result = new double[embeddings.Count][];
        for (var row = 0; row < embeddings.Count; row++)
        {
            if (embeddings[row].Length != Inputs)
            {
                throw new ArgumentException($"the perceptron takes {Inputs} inputs, row {row} has {embeddings[row].Length}");
            }

            Forward(embeddings[row], hidden, scores);
            result[row] = new double[Classes];
            Softmax(scores, result[row]);
        }

        return result;
    }

    /// <summary>The hidden activations (after the ReLU) and the output scores (before the softmax) of one input.</summary>
    internal void Forward(ReadOnlySpan<float> input, Span<float> hidden, Span<float> scores)
    {
        ReadOnlySpan<float> parameters = Parameters;
        var firstWeights = parameters[FirstWeights];
        var secondWeights = parameters[SecondWeights];
        parameters[FirstBiases].CopyTo(hidden);
        for (var i = 0; i < Inputs; i++)
        {
            TensorPrimitives.MultiplyAdd(firstWeights.Slice(i * Hidden, Hidden), input[i], hidden, hidden);
        }

        TensorPrimitives.Max(hidden, 0f, hidden);
        parameters[SecondBiases].CopyTo(scores);
        for (var j = 0; j < Hidden; j++)
        {
            if (hidden[j] > 0)
            {
                var row = secondWeights.Slice(j * Classes, Classes);
                for (var k = 0; k < Classes; k++)
                {
                    scores[k] += hidden[j] * row[k];
                }
            }
        }
    }

    /// <summary>Writes softmax(<paramref name="scores"/>) and returns log Σ exp(scores), for the cross-entropy.</summary>
    internal static double Softmax(ReadOnlySpan<float> scores, Span<double> probabilities)
    {
        var max = double.NegativeInfinity;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }

        var sum = 0.0;
        for (var k = 0; k < scores.Length; k++)
        {
            probabilities[k] = Math.Exp(scores[k] - max);
            sum += probabilities[k];
        }

        for (var k = 0; k < scores.Length; k++)
        {
            probabilities[k] /= sum;
        }

        return max + Math.Log(sum);
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Inputs);
        writer.Write(Hidden);
        writer.Write(Classes);
        writer.Write(Parameters.Length);
        foreach (var parameter in Parameters)
        {
            writer.Write(parameter);
        }
    }

    public static MlpHead Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var inputs = reader.ReadInt32();
        var hidden = reader.ReadInt32();
        var classes = reader.ReadInt32();
        var parameters = new float[reader.ReadInt32()];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = reader.ReadSingle();
        }

        return new MlpHead(inputs, hidden, classes, parameters);
    }
}

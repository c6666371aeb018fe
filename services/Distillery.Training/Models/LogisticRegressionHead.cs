using Distillery.Training.Features;

namespace Distillery.Training.Models;

/// <summary>
/// A fitted linear classifier over a feature matrix: one sigmoid weight vector for two
/// classes (probability of the second class), a softmax over one vector per class otherwise.
/// </summary>
public sealed class LogisticRegressionHead
{
    public LogisticRegressionHead(int classes, int features, double[] parameters)
    {
        Classes = classes;
        Features = features;
        Outputs = classes == 2 ? 1 : classes;
        if (parameters.Length != Outputs * (features + 1))
        {
            throw new ArgumentException($"expected {Outputs * (features + 1)} parameters, got {parameters.Length}");
        }

        Parameters = parameters;
    }

    public int Classes { get; }

    public int Features { get; }

    public int Outputs { get; }

    /// <summary>Per output, the feature weights then the intercept.</summary>
    public double[] Parameters { get; }

    public double[][] PredictProbabilities(SparseMatrix x)
    {
        if (x.Columns != Features)
        {
            throw new ArgumentException($"the head expects {Features} features, the matrix has {x.Columns}");
        }

        var result = new double[x.Rows][];
        Parallel.For(0, x.Rows, row =>
        {
            Span<double> scores = stackalloc double[Outputs];
            LogisticScores.Compute(x, row, Parameters, Outputs, scores);
            var probabilities = new double[Classes];
            if (Outputs == 1)
            {
                probabilities[1] = LogisticObjective.Sigmoid(scores[0]);
                probabilities[0] = 1.0 - probabilities[1];
            }
            else
            {
                var max = double.NegativeInfinity;
                foreach (var score in scores)
                {
                    max = Math.Max(max, score);
                }

                var sum = 0.0;
                for (var k = 0; k < Classes; k++)
                {
                    probabilities[k] = Math.Exp(scores[k] - max);
                    sum += probabilities[k];
                }

                for (var k = 0; k < Classes; k++)
                {
                    probabilities[k] /= sum;
                }
            }

            result[row] = probabilities;
        });
        return result;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Classes);
        writer.Write(Features);
        writer.Write(Parameters.Length);
        foreach (var parameter in Parameters)
        {
            writer.Write(parameter);
        }
    }

    public static LogisticRegressionHead Read(BinaryReader reader)
    {
        var classes = reader.ReadInt32();
        var features = reader.ReadInt32();
        var parameters = new double[reader.ReadInt32()];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = reader.ReadDouble();
        }

        return new LogisticRegressionHead(classes, features, parameters);
    }
}

using Distillery.Training.Features;
using Distillery.Training.Optimization;

namespace Distillery.Training.Models;

/// <summary>
/// C · Σᵢ sᵢ · CE(targetᵢ, softmax(W xᵢ + b)) + ½‖W‖², the objective scikit-learn's
/// <c>LogisticRegression(solver='lbfgs')</c> minimises (intercepts unpenalised), with soft
/// targets allowed. Two classes use one sigmoid weight vector, as scikit-learn does, which is
/// not the same fit as a two-class softmax under the same penalty.
/// </summary>
/// <remarks>
/// Scores, losses and residuals are computed row by row in parallel; the gradient Xᵀr is then
/// computed column by column in parallel from the transposed matrix. Every sum runs in a fixed
/// order, so the result does not depend on thread timing or core count.
/// </remarks>
internal sealed class LogisticObjective : IDifferentiableObjective
{
    // Work items big enough that scheduling them costs far less than doing them.
    private const int RowBlock = 128;
    private const int ColumnBlock = 2048;

    private readonly SparseMatrix _x;
    private readonly SparseMatrix _columns;
    private readonly double[][] _targets;
    private readonly double[] _weights;
    private readonly double _c;
    private readonly int _outputs;
    private readonly double[] _rowLoss;
    private readonly double[] _residuals;

    public LogisticObjective(SparseMatrix x, double[][] targets, double[] sampleWeights, double c)
    {
        _x = x;
        _columns = x.Transpose();
        _targets = targets;
        _weights = sampleWeights;
        _c = c;
        Classes = targets[0].Length;
        _outputs = Classes == 2 ? 1 : Classes;
        Dimension = _outputs * (x.Columns + 1);
        _rowLoss = new double[x.Rows];
        _residuals = new double[x.Rows * _outputs];
    }

    public int Classes { get; }

    public int Dimension { get; }

    public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient)
    {
        var parameters = point.ToArray();
        Blocks.For(_x.Rows, RowBlock, (first, last) =>
        {
            var scores = new double[_outputs];
            for (var row = first; row < last; row++)
            {
                _rowLoss[row] = RowLossAndResiduals(parameters, row, scores);
            }
        });

        var loss = 0.0;
        foreach (var rowLoss in _rowLoss)
        {
            loss += rowLoss;
        }

        loss *= _c;
        var columns = _x.Columns;
        var stride = columns + 1;
        var result = new double[Dimension];
        Blocks.For(columns, ColumnBlock, (first, last) =>
        {
            for (var column = first; column < last; column++)
            {
                for (var k = 0; k < _outputs; k++)
                {
                    var sum = 0.0;
                    for (var e = _columns.RowStarts[column]; e < _columns.RowStarts[column + 1]; e++)
                    {
                        sum += _columns.Values[e] * _residuals[(_columns.ColumnIndices[e] * _outputs) + k];
                    }

                    var w = parameters[(k * stride) + column];
                    result[(k * stride) + column] = (_c * sum) + w;
                }
            }
        });

        for (var k = 0; k < _outputs; k++)
        {
            var sum = 0.0;
            for (var row = 0; row < _x.Rows; row++)
            {
                sum += _residuals[(row * _outputs) + k];
            }

            result[(k * stride) + columns] = _c * sum;

            // ½‖W‖² on the weights, not the intercepts.
            for (var j = 0; j < columns; j++)
            {
                var w = parameters[(k * stride) + j];
                loss += 0.5 * w * w;
            }
        }

        result.CopyTo(gradient);
        return loss;
    }

    /// <summary>The weighted loss of one row; its residuals (∂loss/∂score) go to the residual table.</summary>
    private double RowLossAndResiduals(double[] parameters, int row, double[] scores)
    {
        LogisticScores.Compute(_x, row, parameters, _outputs, scores);
        var weight = _weights[row];
        var target = _targets[row];
        if (_outputs == 1)
        {
            var z = scores[0];
            var y = target[1];
            _residuals[row] = weight * (Sigmoid(z) - y);
            return weight * (Softplus(z) - (y * z));
        }

        var max = double.NegativeInfinity;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }

        var sum = 0.0;
        for (var k = 0; k < _outputs; k++)
        {
            sum += Math.Exp(scores[k] - max);
        }

        var logSum = max + Math.Log(sum);
        var loss = 0.0;
        for (var k = 0; k < _outputs; k++)
        {
            loss -= weight * target[k] * (scores[k] - logSum);
            _residuals[(row * _outputs) + k] = weight * (Math.Exp(scores[k] - logSum) - target[k]);
        }

        return loss;
    }

    internal static double Sigmoid(double z) => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    private static double Softplus(double z) => z > 0 ? z + double.LogP1(Math.Exp(-z)) : double.LogP1(Math.Exp(z));
}

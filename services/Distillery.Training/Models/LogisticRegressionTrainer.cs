using Distillery.Training.Features;
using Distillery.Training.Optimization;

namespace Distillery.Training.Models;

/// <summary>Fits a <see cref="LogisticRegressionHead"/> by L-BFGS to convergence.</summary>
public static class LogisticRegressionTrainer
{
    public static (LogisticRegressionHead Head, LbfgsResult Optimisation) Fit(
        SparseMatrix x, double[][] targets, double[] sampleWeights, double c, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c);
        var objective = new LogisticObjective(x, targets, sampleWeights, c);
        var result = new Lbfgs().Minimize(objective, cancellationToken: cancellationToken);
        return (new LogisticRegressionHead(objective.Classes, x.Columns, result.Solution), result);
    }
}

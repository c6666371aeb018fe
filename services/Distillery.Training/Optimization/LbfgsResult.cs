namespace Distillery.Training.Optimization;

/// <summary>Where L-BFGS stopped and why.</summary>
public sealed record LbfgsResult(double[] Solution, double Value, int Iterations, bool Converged, string Reason);

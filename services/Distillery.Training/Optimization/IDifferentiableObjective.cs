namespace Distillery.Training.Optimization;

/// <summary>A smooth function to minimise: its value at a point, with its gradient written into <c>gradient</c>.</summary>
public interface IDifferentiableObjective
{
    int Dimension { get; }

    double Evaluate(ReadOnlySpan<double> point, Span<double> gradient);
}

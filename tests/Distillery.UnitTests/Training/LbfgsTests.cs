using Distillery.Training.Optimization;

namespace Distillery.UnitTests.Training;

public sealed class LbfgsTests
{
    /// <summary>f(x) = Σ aᵢ (xᵢ - cᵢ)², badly scaled; its minimum is c.</summary>
    private sealed class Quadratic : IDifferentiableObjective
    {
        private static readonly double[] Scale = [1, 100, 0.01, 10];
        private static readonly double[] Centre = [3, -2, 5, 0.5];

        public int Dimension => 4;

        public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient)
        {
            var value = 0.0;
            for (var i = 0; i < 4; i++)
            {
                var d = point[i] - Centre[i];
                value += Scale[i] * d * d;
                gradient[i] = 2 * Scale[i] * d;
            }

            return value;
        }
    }

    [Fact]
    public void Finds_the_minimum_of_a_badly_scaled_quadratic()
    {
        var result = new Lbfgs().Minimize(new Quadratic());

        Assert.True(result.Converged, result.Reason);
        Assert.Equal([3, -2, 5, 0.5], result.Solution.Select(x => Math.Round(x, 4)));
    }
}

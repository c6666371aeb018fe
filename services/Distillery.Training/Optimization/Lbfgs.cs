namespace Distillery.Training.Optimization;

/// <summary>
/// Limited-memory BFGS with a backtracking (Armijo) line search, for the smooth convex losses
/// of the students' heads. It stops when the largest gradient component falls below
/// <see cref="GradientTolerance"/> times its starting size, i.e. at the optimum to that precision,
/// which is what lets our fit match scikit-learn's L-BFGS fit of the same objective.
/// </summary>
public sealed class Lbfgs
{
    public int Memory { get; init; } = 10;

    public int MaxIterations { get; init; } = 1_000;

    public double GradientTolerance { get; init; } = 1e-6;

    private const double Armijo = 1e-4;
    private const int MaxLineSearchSteps = 60;

    public LbfgsResult Minimize(IDifferentiableObjective objective, double[]? start = null, CancellationToken cancellationToken = default)
    {
        var n = objective.Dimension;
        var x = start is null ? new double[n] : (double[])start.Clone();
        var g = new double[n];
        var f = objective.Evaluate(x, g);
        var gradientScale = Math.Max(1.0, MaxAbs(g));
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var direction = new double[n];
        var nextX = new double[n];
        var nextG = new double[n];
        var alpha = new double[Memory];

        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (MaxAbs(g) <= GradientTolerance * gradientScale)
            {
                return new LbfgsResult(x, f, iteration, true, "gradient below tolerance");
            }

            TwoLoop(g, s, y, rho, alpha, direction);
            var slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction (numerical trouble): forget the history and go downhill.
                s.Clear();
                y.Clear();
                rho.Clear();
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = Dot(g, direction);
            }

            // The first step has no curvature information: make it of unit length.
            var step = s.Count == 0 ? 1.0 / Math.Sqrt(-slope) : 1.0;
            double nextF = 0;
            var accepted = false;
            for (var attempt = 0; attempt < MaxLineSearchSteps; attempt++)
            {
                for (var i = 0; i < n; i++)
                {
                    nextX[i] = x[i] + (step * direction[i]);
                }

                nextF = objective.Evaluate(nextX, nextG);
                if (double.IsFinite(nextF) && nextF <= f + (Armijo * step * slope))
                {
                    accepted = true;
                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                return new LbfgsResult(x, f, iteration, MaxAbs(g) <= 1e-3 * gradientScale, "line search found no decrease");
            }

            var sk = new double[n];
            var yk = new double[n];
            for (var i = 0; i < n; i++)
            {
                sk[i] = nextX[i] - x[i];
                yk[i] = nextG[i] - g[i];
            }

            var curvature = Dot(sk, yk);
            if (curvature > 1e-12)
            {
                if (s.Count == Memory)
                {
                    s.RemoveAt(0);
                    y.RemoveAt(0);
                    rho.RemoveAt(0);
                }

                s.Add(sk);
                y.Add(yk);
                rho.Add(1.0 / curvature);
            }

            var previous = f;
            (x, nextX) = (nextX, x);
            (g, nextG) = (nextG, g);
            f = nextF;
            if (Math.Abs(previous - f) <= 1e-15 * Math.Max(Math.Max(Math.Abs(previous), Math.Abs(f)), 1.0))
            {
                return new LbfgsResult(x, f, iteration + 1, true, "no further decrease");
            }
        }

        return new LbfgsResult(x, f, MaxIterations, false, $"stopped after {MaxIterations} iterations");
    }

    /// <summary>direction = -H g, with H the L-BFGS approximation of the inverse Hessian.</summary>
    private static void TwoLoop(double[] g, List<double[]> s, List<double[]> y, List<double> rho, double[] alpha, double[] direction)
    {
        Array.Copy(g, direction, g.Length);
        for (var k = s.Count - 1; k >= 0; k--)
        {
            alpha[k] = rho[k] * Dot(s[k], direction);
            Axpy(-alpha[k], y[k], direction);
        }

        if (s.Count > 0)
        {
            var gamma = Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]);
            for (var i = 0; i < direction.Length; i++)
            {
                direction[i] *= gamma;
            }
        }

        for (var k = 0; k < s.Count; k++)
        {
            var beta = rho[k] * Dot(y[k], direction);
            Axpy(alpha[k] - beta, s[k], direction);
        }

        for (var i = 0; i < direction.Length; i++)
        {
            direction[i] = -direction[i];
        }
    }

    private static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, b);

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double MaxAbs(double[] values) => values.Length == 0 ? 0 : System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<double>(values) is var m ? Math.Abs(m) : 0;
}

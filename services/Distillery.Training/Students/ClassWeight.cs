namespace Distillery.Training.Students;

/// <summary>scikit-learn's <c>class_weight</c>: none, or <c>balanced</c> (n / (classes · count of the class)).</summary>
public enum ClassWeight
{
    None,
    Balanced,
}

internal static class ClassWeights
{
    /// <summary>Per-item weights; with soft targets a class's count is its total probability mass.</summary>
    public static double[] For(double[][] targets, ClassWeight mode)
    {
        var weights = new double[targets.Length];
        if (mode == ClassWeight.None)
        {
            Array.Fill(weights, 1.0);
            return weights;
        }

        var classes = targets[0].Length;
        var mass = new double[classes];
        foreach (var target in targets)
        {
            for (var k = 0; k < classes; k++)
            {
                mass[k] += target[k];
            }
        }

        var classWeight = mass.Select(m => m > 0 ? targets.Length / (classes * m) : 0).ToArray();
        for (var i = 0; i < targets.Length; i++)
        {
            for (var k = 0; k < classes; k++)
            {
                weights[i] += targets[i][k] * classWeight[k];
            }
        }

        return weights;
    }
}

using Distillery.Training.Optimization;

namespace Distillery.UnitTests.Training;

public sealed class AdamWTests
{
    [Fact]
    public void First_step_moves_each_parameter_by_the_learning_rate_against_its_gradient_after_decaying_only_the_decayed_range()
    {
        float[] parameters = [1f, 1f, 1f, 2f];
        var optimiser = new AdamW(4, [0..2]);

        optimiser.Step(parameters, [0.5f, -2f, 0f, 0.001f]);

        // Bias correction makes the first step lr · g / |g|; decay multiplies by 1 − lr · λ first.
        var decayed = 1.0 - (1e-3 * 1e-2);
        Assert.Equal(decayed - 1e-3, parameters[0], 6);
        Assert.Equal(decayed + 1e-3, parameters[1], 6);
        Assert.Equal(1f, parameters[2]);
        Assert.Equal(2.0 - 1e-3, parameters[3], 6);
        Assert.Equal(1, optimiser.Steps);
    }

    [Fact]
    public void Minimises_a_quadratic_and_weight_decay_pulls_the_decayed_parameters_towards_zero()
    {
        float[] centre = [3f, -2f, 1.5f];
        float[] plain = [0f, 0f, 0f];
        float[] decayed = [0f, 0f, 0f];
        var withoutDecay = new AdamW(3, [0..3]) { LearningRate = 0.01, WeightDecay = 0 };
        var withDecay = new AdamW(3, [0..3]) { LearningRate = 0.01, WeightDecay = 2 };

        for (var step = 0; step < 5000; step++)
        {
            withoutDecay.Step(plain, Gradient(plain, centre));
            withDecay.Step(decayed, Gradient(decayed, centre));
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(centre[i], plain[i], 2);
            Assert.True(Math.Abs(decayed[i]) < Math.Abs(centre[i]) - 0.05, $"{decayed[i]} is not pulled towards 0 from {centre[i]}");
        }
    }

    [Fact]
    public void Refuses_a_gradient_of_another_length()
    {
        var optimiser = new AdamW(3, []);

        Assert.Throws<ArgumentException>(() => optimiser.Step(new float[3], new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(3, [0..4]));
    }

    /// <summary>The gradient of ½ Σ (pᵢ − cᵢ)².</summary>
    private static float[] Gradient(float[] point, float[] centre) => [.. point.Zip(centre, (p, c) => p - c)];
}

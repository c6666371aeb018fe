using Distillery.Domain.Randomness;
using Distillery.Training.Models;

namespace Distillery.UnitTests.Training;

public sealed class MlpTrainerTests
{
    [Fact]
    public void Backpropagation_agrees_with_finite_differences_of_the_weighted_soft_target_loss()
    {
        var random = new DeterministicRandom(3);
        var head = new MlpHead(4, 3, 3, [.. Enumerable.Range(0, MlpHead.ParameterCount(4, 3, 3)).Select(_ => (float)((random.NextDouble() * 2) - 1))]);
        float[][] x = [[0.9f, -0.4f, 0.3f, 0.7f], [-0.2f, 0.8f, -0.6f, 0.5f]];
        double[][] targets = [[0.7, 0.2, 0.1], [0.0, 0.0, 1.0]];
        double[] weights = [1.0, 2.5];
        var backpropagation = new MlpBackpropagation(head.Hidden, head.Classes);
        var gradient = new float[head.Parameters.Length];

        backpropagation.Accumulate(head, x, targets, weights, [0, 1], gradient);

        const float step = 1e-2f;
        for (var p = 0; p < head.Parameters.Length; p++)
        {
            var original = head.Parameters[p];
            head.Parameters[p] = original + step;
            var up = backpropagation.MeanLoss(head, x, targets, weights, [0, 1]);
            head.Parameters[p] = original - step;
            var down = backpropagation.MeanLoss(head, x, targets, weights, [0, 1]);
            head.Parameters[p] = original;
            var numeric = (up - down) / (2 * step);
            Assert.True(Math.Abs(gradient[p] - numeric) < 2e-3, $"parameter {p}: backpropagation {gradient[p]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void Keeps_the_weights_of_the_epoch_with_the_lowest_validation_loss_and_stops_after_the_patience()
    {
        var (x, targets) = Blobs(120, seed: 5, overlap: 1.5);
        var weights = Enumerable.Repeat(1.0, x.Length).ToArray();
        int[] validation = [.. Enumerable.Range(0, x.Length).Where(i => i % 4 == 0)];
        int[] train = [.. Enumerable.Range(0, x.Length).Where(i => i % 4 != 0)];
        var options = new MlpOptions { HiddenSize = 16, Patience = 3, LearningRate = 0.05 };

        var (head, report) = MlpTrainer.Fit(x, targets, weights, train, validation, options, 11);

        Assert.True(report.Epochs < options.MaxEpochs, "noisy blobs and a large learning rate should overfit and stop early");
        Assert.Equal(report.BestEpoch + options.Patience, report.Epochs);
        Assert.Equal(report.BestValidationLoss, new MlpBackpropagation(16, 2).MeanLoss(head, x, targets, weights, validation));
        Assert.Equal(report.Epochs * (int)Math.Ceiling(train.Length / 32.0), report.Steps);
    }

    [Fact]
    public void Without_validation_items_it_trains_for_the_maximum_epochs_and_keeps_the_last_weights()
    {
        var (x, targets) = Blobs(40, seed: 5, overlap: 0.2);
        var options = new MlpOptions { HiddenSize = 8, MaxEpochs = 7 };

        var (head, report) = MlpTrainer.Fit(x, targets, [.. Enumerable.Repeat(1.0, x.Length)], [.. Enumerable.Range(0, x.Length)], [], options, 11);

        Assert.Equal(7, report.Epochs);
        Assert.Equal(7, report.BestEpoch);
        Assert.True(double.IsNaN(report.BestValidationLoss));
        Assert.Equal(8, head.Hidden);
    }

    /// <summary>Two Gaussian-ish blobs in 8 dimensions, hard targets; a larger overlap mixes them more.</summary>
    private static (float[][] X, double[][] Targets) Blobs(int count, ulong seed, double overlap)
    {
        var random = new DeterministicRandom(seed);
        var x = new float[count][];
        var targets = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var label = i % 2;
            x[i] = [.. Enumerable.Range(0, 8).Select(d => (float)((d == 0 ? (label * 2) - 1 : 0) + (overlap * (random.NextDouble() + random.NextDouble() - 1))))];
            targets[i] = label == 0 ? [1.0, 0.0] : [0.0, 1.0];
        }

        return (x, targets);
    }
}

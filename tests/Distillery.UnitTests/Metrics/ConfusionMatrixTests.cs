using Distillery.Domain.Metrics;

namespace Distillery.UnitTests.Metrics;

public sealed class ConfusionMatrixTests
{
    private static readonly string[] Binary = ["no", "yes"];
    private static readonly string[] Sentiment = ["negative", "neutral", "positive"];
    private static readonly string[] Four = ["a", "b", "c", "d"];

    /// <summary>Binary and 3–4 class cases, including classes never predicted and never true, and a tiny sample.</summary>
    internal static readonly RandomLabels[] Cases =
    [
        RandomLabels.Draw("binary, skewed", 1, Binary, 200, 0.75, occurring: ["no", "no", "no", "yes"]),
        RandomLabels.Draw("three classes", 2, Sentiment, 300, 0.6),
        RandomLabels.Draw("four classes, d never predicted", 3, Four, 250, 0.5, predictable: ["a", "b", "c"]),
        RandomLabels.Draw("four classes, d never true", 4, Four, 120, 0.5, occurring: ["a", "b", "c"]),
        RandomLabels.Draw("four classes, d nowhere", 5, Four, 80, 0.7, occurring: ["a", "b", "c"], predictable: ["a", "b", "c"]),
        RandomLabels.Draw("binary, tiny", 6, Binary, 5, 0.5),
    ];

    [SklearnFact]
    public void Scores_match_scikit_learn()
    {
        var references = SklearnReference.Run([.. Cases.Select(c => new
        {
            Kind = "classification",
            c.Truth,
            c.Predicted,
            c.Labels,
            PositiveLabel = c.Labels.Length == 2 ? c.Labels[1] : null,
        })]);

        foreach (var (@case, reference) in Cases.Zip(references))
        {
            var labels = new LabelSet(@case.Labels);
            var matrix = ConfusionMatrix.From(@case.Truth, @case.Predicted, labels);
            var name = @case.Name;

            Close.Equal(reference["accuracy"], matrix.Accuracy, $"{name}: accuracy");
            for (var t = 0; t < labels.Count; t++)
            {
                for (var p = 0; p < labels.Count; p++)
                {
                    Assert.True(
                        reference["confusion"]![t]![p]!.GetValue<int>() == matrix[t, p],
                        $"{name}: count of true {labels[t]}, predicted {labels[p]}");
                }
            }

            var perLabel = matrix.PerLabel;
            for (var l = 0; l < labels.Count; l++)
            {
                var expected = reference["per_label"]![l]!;
                Assert.Equal(labels[l], perLabel[l].Label);
                Assert.Equal(expected["support"]!.GetValue<int>(), perLabel[l].Support);
                Close.Equal(expected["precision"], perLabel[l].Precision, $"{name}: precision of {labels[l]}");
                Close.Equal(expected["recall"], perLabel[l].Recall, $"{name}: recall of {labels[l]}");
                Close.Equal(expected["f1"], perLabel[l].F1, $"{name}: F1 of {labels[l]}");
            }

            AssertAveragesEqual(reference["macro"]!, matrix.MacroAverage, $"{name}: macro");
            AssertAveragesEqual(reference["weighted"]!, matrix.WeightedAverage, $"{name}: weighted");

            if (labels.Count == 2)
            {
                var binary = matrix.Binary(labels[1]);
                Assert.Equal(labels[1], binary.PositiveLabel);
                Close.Equal(reference["accuracy"], binary.Accuracy, $"{name}: binary accuracy");
                Close.Equal(reference["binary"]!["precision"], binary.Precision, $"{name}: binary precision");
                Close.Equal(reference["binary"]!["recall"], binary.Recall, $"{name}: binary recall");
                Close.Equal(reference["binary"]!["f1"], binary.F1, $"{name}: binary F1");
            }
        }
    }

    [Fact]
    public void Cases_exercise_zero_division()
    {
        var neverPredicted = Cases.Single(c => c.Name == "four classes, d never predicted");
        var neverTrue = Cases.Single(c => c.Name == "four classes, d never true");

        Assert.Contains("d", neverPredicted.Truth);
        Assert.DoesNotContain("d", neverPredicted.Predicted);
        Assert.Equal(0.0, ConfusionMatrix.From(neverPredicted.Truth, neverPredicted.Predicted, new LabelSet(Four)).ScoresFor("d").Precision);
        Assert.DoesNotContain("d", neverTrue.Truth);
        Assert.Equal(0.0, ConfusionMatrix.From(neverTrue.Truth, neverTrue.Predicted, new LabelSet(Four)).ScoresFor("d").Recall);
    }

    [Fact]
    public void Counts_are_indexed_by_truth_then_prediction()
    {
        var matrix = ConfusionMatrix.From(["no", "yes", "yes", "yes"], ["yes", "yes", "no", "yes"], new LabelSet(Binary));

        Assert.Equal(0, matrix[0, 0]);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(1, matrix[1, 0]);
        Assert.Equal(2, matrix[1, 1]);
        Assert.Equal(4, matrix.Total);
        Assert.Equal(0.5, matrix.Accuracy);
    }

    [Fact]
    public void Absent_label_counts_in_the_macro_average()
    {
        var labels = new LabelSet(["x", "y", "z"]);

        var matrix = ConfusionMatrix.From(["x", "y"], ["x", "y"], labels);

        Assert.Equal(1.0, matrix.Accuracy);
        Assert.Equal(2.0 / 3.0, matrix.MacroAverage.F1, 15);
        Assert.Equal(1.0, matrix.WeightedAverage.F1);
    }

    [Theory]
    [InlineData("maybe", "yes", "truth")]
    [InlineData("yes", "Yes", "predicted")]
    public void Label_outside_the_set_is_named(string truth, string predicted, string list)
    {
        var error = Assert.Throws<ArgumentException>(
            () => ConfusionMatrix.From(["no", truth], ["no", predicted], new LabelSet(Binary)));

        var bad = truth == "maybe" ? truth : predicted;
        Assert.Contains($"'{bad}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"position 1 of {list}", error.Message, StringComparison.Ordinal);
        Assert.Equal(list, error.ParamName);
    }

    [Fact]
    public void Lists_of_different_lengths_are_an_error()
    {
        var error = Assert.Throws<ArgumentException>(
            () => ConfusionMatrix.From(["no", "yes"], ["no"], new LabelSet(Binary)));

        Assert.Contains("differ in number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_lists_are_an_error()
    {
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([], [], new LabelSet(Binary)));
    }

    [Fact]
    public void Binary_scores_need_two_labels_and_a_known_positive()
    {
        var three = ConfusionMatrix.From(["neutral"], ["neutral"], new LabelSet(Sentiment));
        var two = ConfusionMatrix.From(["yes"], ["yes"], new LabelSet(Binary));

        Assert.Throws<InvalidOperationException>(() => three.Binary("positive"));
        var error = Assert.Throws<ArgumentException>(() => two.Binary("true"));
        Assert.Contains("'true'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_set_rejects_duplicates_and_emptiness()
    {
        var duplicate = Assert.Throws<ArgumentException>(() => new LabelSet(["a", "b", "a"]));

        Assert.Contains("'a'", duplicate.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new LabelSet([]));
    }

    private static void AssertAveragesEqual(System.Text.Json.Nodes.JsonNode expected, AveragedScores actual, string what)
    {
        Close.Equal(expected["precision"], actual.Precision, $"{what} precision");
        Close.Equal(expected["recall"], actual.Recall, $"{what} recall");
        Close.Equal(expected["f1"], actual.F1, $"{what} F1");
    }
}

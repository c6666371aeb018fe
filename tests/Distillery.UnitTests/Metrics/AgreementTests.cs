using Distillery.Domain.Metrics;
using Distillery.Domain.Randomness;

namespace Distillery.UnitTests.Metrics;

public sealed class AgreementTests
{
    /// <summary>
    /// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C (also the
    /// Wikipedia article's example): 3 coders, 15 units, nominal values, null where missing.
    /// Listed by unit; each unit holds coders A, B and C.
    /// </summary>
    private static readonly string?[][] WorkedExample = Transpose(
        ["*", "*", "*", "*", "*", "3", "4", "1", "2", "1", "1", "3", "3", "*", "3"],
        ["1", "*", "2", "1", "3", "3", "4", "3", "*", "*", "*", "*", "*", "*", "*"],
        ["*", "*", "2", "1", "3", "4", "4", "*", "2", "1", "1", "3", "3", "*", "4"]);

    [Fact]
    public void Alpha_of_the_published_example_is_0_691()
    {
        var alpha = KrippendorffsAlpha.Nominal(WorkedExample);

        Assert.Equal(0.691, Math.Round(alpha, 3));
        // From the coincidence matrix below: 1 − (26 − 1) · 6 / (26² − (7² + 4² + 10² + 5²)) = 56/81.
        Assert.Equal(56.0 / 81.0, alpha, 12);
    }

    [Fact]
    public void Coincidence_matrix_of_the_published_example_matches_the_paper()
    {
        var coincidences = CoincidenceMatrix.From(WorkedExample);

        Assert.Equal(["1", "2", "3", "4"], coincidences.Values);
        double[,] published =
        {
            { 6, 0, 1, 0 },
            { 0, 4, 0, 0 },
            { 1, 0, 7, 2 },
            { 0, 0, 2, 3 },
        };
        for (var c = 0; c < 4; c++)
        {
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(published[c, k], coincidences[c, k], 12);
            }
        }

        Assert.Equal([7.0, 4.0, 10.0, 5.0], Enumerable.Range(0, 4).Select(c => Math.Round(coincidences.ValueTotal(c), 12)));
        Assert.Equal(26.0, coincidences.Total, 12);
    }

    [Fact]
    public void Units_with_fewer_than_two_values_are_ignored()
    {
        string?[][] padded = [.. WorkedExample, ["2", null, null], [null, null, null], [], ["4"]];

        Assert.Equal(KrippendorffsAlpha.Nominal(WorkedExample), KrippendorffsAlpha.Nominal(padded));
    }

    /// <summary>
    /// With two coders, no missing values and N units (n = 2N values), D_o = 1 − P_o and
    /// D_e = n / (n − 1) · (1 − P_e), where P_e = Σ_c (n_c / n)² is Scott's expected agreement;
    /// hence 1 − α = (n − 1) / n · (1 − π), i.e. α = π + (1 − π) / (2N): larger than π, never equal
    /// unless π = 1.
    /// </summary>
    [Fact]
    public void Alpha_for_two_complete_coders_is_scotts_pi_with_a_small_sample_correction()
    {
        foreach (var @case in ConfusionMatrixTests.Cases)
        {
            var units = @case.Truth.Zip(@case.Predicted, (a, b) => new string?[] { a, b }).ToArray();
            var pi = ScottsPi(@case.Truth, @case.Predicted);

            var alpha = KrippendorffsAlpha.Nominal(units);

            var twiceUnits = 2.0 * units.Length;
            Assert.Equal(pi + ((1 - pi) / twiceUnits), alpha, 12);
            Assert.True(alpha - pi > 1e-6, $"{@case.Name}: alpha {alpha} should exceed pi {pi}.");
        }
    }

    [SklearnFact]
    public void Alpha_matches_a_plain_python_implementation_of_the_definition()
    {
        var random = new DeterministicRandom(2011);
        string?[][][] datasets =
        [
            WorkedExample,
            RandomUnits(random, units: 40, coders: 3, values: 3, missing: 0.2),
            RandomUnits(random, units: 25, coders: 5, values: 4, missing: 0.5),
            RandomUnits(random, units: 60, coders: 2, values: 2, missing: 0.1),
        ];

        var references = SklearnReference.Run([.. datasets.Select(units => new { Kind = "alpha", Units = units })]);

        Close.Equal(56.0 / 81.0, references[0]["alpha"]!.GetValue<double>(), "python's alpha of the worked example");
        for (var i = 0; i < datasets.Length; i++)
        {
            Close.Equal(references[i]["alpha"], KrippendorffsAlpha.Nominal(datasets[i]), $"alpha of data set {i}");
        }
    }

    [Fact]
    public void Alpha_is_undefined_without_variation_or_pairs()
    {
        Assert.True(double.IsNaN(KrippendorffsAlpha.Nominal([["a", "a"], ["a", null, "a"]])));
        Assert.True(double.IsNaN(KrippendorffsAlpha.Nominal([["a", null], [null, "b"]])));
    }

    [SklearnFact]
    public void Kappa_matches_scikit_learn()
    {
        RandomLabels[] cases =
        [
            .. ConfusionMatrixTests.Cases,
            new("raters agree on one label throughout", ["no", "yes"], ["yes", "yes", "yes"], ["yes", "yes", "yes"]),
            new("raters each use one label", ["no", "yes"], ["no", "no", "no"], ["yes", "yes", "yes"]),
        ];

        var references = SklearnReference.Run([.. cases.Select(c => new
        {
            Kind = "classification",
            c.Truth,
            c.Predicted,
            c.Labels,
        })]);

        foreach (var (@case, reference) in cases.Zip(references))
        {
            var kappa = CohensKappa.Between(@case.Truth, @case.Predicted, new LabelSet(@case.Labels));
            if (reference["kappa"] is null)
            {
                Assert.True(double.IsNaN(kappa), $"{@case.Name}: scikit-learn finds kappa undefined, we found {kappa}.");
            }
            else
            {
                Close.Equal(reference["kappa"], kappa, $"{@case.Name}: kappa");
            }
        }
    }

    [Fact]
    public void Kappa_checks_labels_like_the_confusion_matrix()
    {
        var error = Assert.Throws<ArgumentException>(() => CohensKappa.Between(["a"], ["z"], new LabelSet(["a", "b"])));

        Assert.Contains("'z'", error.Message, StringComparison.Ordinal);
    }

    private static double ScottsPi(string[] first, string[] second)
    {
        var observed = first.Zip(second).Count(pair => pair.First == pair.Second) / (double)first.Length;
        var pooled = first.Concat(second).ToArray();
        var expected = pooled.GroupBy(value => value).Sum(group => Math.Pow(group.Count() / (double)pooled.Length, 2));
        return (observed - expected) / (1 - expected);
    }

    private static string?[][] RandomUnits(DeterministicRandom random, int units, int coders, int values, double missing) =>
        [.. Enumerable.Range(0, units).Select(_ => Enumerable.Range(0, coders)
            .Select(_ => random.NextDouble() < missing ? null : $"v{random.NextInt(values)}")
            .ToArray())];

    private static string?[][] Transpose(params string[][] coders) =>
        [.. Enumerable.Range(0, coders[0].Length).Select(unit => coders.Select(coder => coder[unit] == "*" ? null : coder[unit]).ToArray())];
}

using Distillery.Domain.Jobs;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Reports;

namespace Distillery.Evaluation.Gate;

/// <summary>
/// Step 1 of the workflow: how well the teacher agrees with the humans on the validation split
/// (accuracy, F1, Cohen's kappa, Krippendorff's alpha), before anything is spent at scale.
/// Below the threshold the task stops, and the disagreements are listed so that the codebook
/// can be refined.
/// </summary>
public static class ValidationGate
{
    private const int ExcerptCharacters = 240;

    public static GateReport Check(
        IReadOnlyList<(string Id, string Text, string Human)> items,
        IReadOnlyList<string?> teacher,
        LabelSet labels,
        string? positive,
        GateSpec settings)
    {
        var human = items.Select(item => item.Human).ToList();
        var predictions = new Metrics.ArmPredictions(human, teacher, labels, positive);
        // Kappa sees abstentions exactly as accuracy and F1 do: as the wrong answer they are scored as.
        var kappa = CohensKappa.Between(human, predictions.Scored, labels);
        var alpha = KrippendorffsAlpha.Nominal([.. items.Select((item, i) => (IReadOnlyList<string?>)[item.Human, teacher[i]])]);
        var accuracy = predictions.Statistic(Metrics.ArmMetric.Accuracy);
        var f1 = predictions.Statistic(Metrics.ArmMetric.F1);
        var value = Value(accuracy, f1, kappa, alpha, settings.Metric);
        var disagreements = items
            .Select((item, i) => (item, teacher: teacher[i]))
            .Where(pair => pair.teacher != pair.item.Human)
            .Select(pair => new Disagreement(pair.item.Id, Excerpt(pair.item.Text), pair.item.Human, pair.teacher))
            .ToList();
        return new GateReport(
            double.IsFinite(value) && value >= settings.Threshold,
            settings.Metric,
            settings.Threshold,
            items.Count,
            accuracy,
            f1,
            kappa,
            alpha,
            disagreements);
    }

    /// <summary>The figure the gate's metric names.</summary>
    public static double Value(GateReport gate, string metric) => Value(gate.Accuracy, gate.F1, gate.CohensKappa, gate.KrippendorffsAlpha, metric);

    private static double Value(double accuracy, double f1, double kappa, double alpha, string metric) => metric switch
    {
        "accuracy" => accuracy,
        "f1" => f1,
        "alpha" => alpha,
        _ => kappa,
    };

    private static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ExcerptCharacters ? flat : flat[..ExcerptCharacters] + "…";
    }
}

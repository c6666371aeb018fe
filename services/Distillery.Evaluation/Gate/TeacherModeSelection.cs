using Distillery.Domain.Jobs;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Reports;

namespace Distillery.Evaluation.Gate;

/// <summary>A candidate's answers on the validation split, in item order; <see cref="Mode"/> is null for a teacher with one way of labelling.</summary>
public sealed record CandidateAnswers(string? Mode, string Teacher, IReadOnlyList<string?> Labels);

/// <summary>
/// The gate for a teacher that can label in several ways (a local model's SCORE, calibrated
/// SCORE and GENERATE): each way is checked against the humans on the validation split, and
/// the one with the best gate metric labels the rest of the task. Ties go to the earlier
/// candidate (the cheaper mode); a metric that could not be computed ranks last. The report is
/// the chosen mode's gate with every mode's figures beside it.
/// </summary>
public static class TeacherModeSelection
{
    public static (GateReport Gate, CandidateAnswers Chosen) Choose(
        IReadOnlyList<(string Id, string Text, string Human)> items,
        IReadOnlyList<CandidateAnswers> candidates,
        LabelSet labels,
        string? positive,
        GateSpec settings)
    {
        if (candidates.Count == 0)
        {
            throw new ArgumentException("the gate needs at least one candidate", nameof(candidates));
        }

        var checks = candidates.Select(candidate => (Candidate: candidate, Gate: ValidationGate.Check(items, candidate.Labels, labels, positive, settings))).ToList();
        if (checks.Count == 1)
        {
            return (checks[0].Gate, checks[0].Candidate);
        }

        var best = 0;
        for (var i = 1; i < checks.Count; i++)
        {
            if (Rank(checks[i].Gate, settings) > Rank(checks[best].Gate, settings))
            {
                best = i;
            }
        }

        var modes = checks.Select((check, i) => new GateModeResult(
            check.Candidate.Mode ?? check.Candidate.Teacher,
            check.Candidate.Teacher,
            check.Gate.Accuracy,
            check.Gate.F1,
            check.Gate.CohensKappa,
            check.Gate.KrippendorffsAlpha,
            check.Candidate.Labels.Count(label => label is null),
            i == best)).ToList();
        return (checks[best].Gate with { Modes = modes }, checks[best].Candidate);
    }

    private static double Rank(GateReport gate, GateSpec settings)
    {
        var value = ValidationGate.Value(gate, settings.Metric);
        return double.IsFinite(value) ? value : double.NegativeInfinity;
    }
}

using Distillery.Domain.Jobs;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Gate;
using Distillery.Evaluation.Reports;
using Distillery.UnitTests.Reports;

namespace Distillery.UnitTests.Gate;

public sealed class TeacherModeSelectionTests
{
    private static readonly LabelSet Labels = new(["spam", "ham"]);

    private static readonly (string Id, string Text, string Human)[] Items =
        [.. Enumerable.Range(0, 8).Select(i => ($"d{i}", $"text {i}", i < 4 ? "spam" : "ham"))];

    private static CandidateAnswers Answers(string mode, int wrong, bool abstain = false) =>
        new(mode, $"m (local, {mode})", [.. Items.Select((item, i) => i < wrong ? abstain ? null : item.Human == "spam" ? "ham" : "spam" : item.Human)]);

    [Fact]
    public void The_mode_with_the_best_gate_metric_is_chosen_and_every_mode_is_reported()
    {
        var (gate, chosen) = TeacherModeSelection.Choose(
            Items, [Answers("score", 3), Answers("calibrated_score", 1), Answers("generate", 2)], Labels, "spam", new GateSpec("accuracy", 0.5));

        Assert.Equal("calibrated_score", chosen.Mode);
        Assert.Equal(7 / 8.0, gate.Accuracy, 1e-9);
        Assert.True(gate.Passed);
        Assert.Equal(["score", "calibrated_score", "generate"], gate.Modes!.Select(mode => mode.Mode));
        Assert.Equal([false, true, false], gate.Modes!.Select(mode => mode.Chosen));
        Assert.Equal([5 / 8.0, 7 / 8.0, 6 / 8.0], gate.Modes!.Select(mode => mode.Accuracy));
        Assert.Equal("m (local, calibrated_score)", gate.Modes![1].Teacher);
    }

    [Fact]
    public void A_tie_goes_to_the_earlier_cheaper_mode_and_abstentions_are_counted()
    {
        var (gate, chosen) = TeacherModeSelection.Choose(
            Items, [Answers("score", 2), Answers("calibrated_score", 2), Answers("generate", 2, abstain: true)], Labels, "spam", new GateSpec("accuracy", 0.9));

        Assert.Equal("score", chosen.Mode);
        Assert.False(gate.Passed);
        Assert.Equal([0, 0, 2], gate.Modes!.Select(mode => mode.Abstentions));
    }

    [Fact]
    public void A_metric_that_cannot_be_computed_ranks_below_any_value()
    {
        // Kappa of a constant answer against constant humans is undefined; alpha of the other is negative.
        (string, string, string)[] items = [.. Enumerable.Range(0, 6).Select(i => ($"d{i}", "t", "ham"))];
        var constant = new CandidateAnswers("score", "a", [.. items.Select(_ => (string?)"ham")]);
        var mixed = new CandidateAnswers("generate", "b", [.. items.Select((_, i) => (string?)(i < 3 ? "spam" : "ham"))]);

        var (_, chosen) = TeacherModeSelection.Choose(items, [constant, mixed], Labels, "spam", new GateSpec("kappa", -1));

        Assert.Equal("generate", chosen.Mode);
    }

    [Fact]
    public void One_candidate_is_the_plain_gate_without_a_mode_table()
    {
        var (gate, chosen) = TeacherModeSelection.Choose(Items, [new CandidateAnswers(null, "simulated", Answers("x", 1).Labels)], Labels, "spam", new GateSpec());

        Assert.Null(gate.Modes);
        Assert.Null(chosen.Mode);
        var plain = ValidationGate.Check(Items, chosen.Labels, Labels, "spam", new GateSpec());
        Assert.Equal((plain.Passed, plain.Accuracy, plain.CohensKappa), (gate.Passed, gate.Accuracy, gate.CohensKappa));
        Assert.Equal(plain.Disagreements, gate.Disagreements);
    }

    [Fact]
    public void The_report_shows_the_modes_compared_and_which_one_labelled_the_task()
    {
        var sample = SampleReports.Job(tasks: 2);
        var modes = new List<GateModeResult>
        {
            new("score", "m (local, score)", 0.6, 0.5, 0.2, 0.19, 0, false),
            new("calibrated_score", "m (local, calibrated score)", 0.8, 0.7, 0.55, 0.54, 0, true),
            new("generate", "m (local, generate)", 0.7, 0.6, 0.4, 0.39, 3, false),
        };
        var report = sample with { Tasks = [sample.Tasks[0] with { Gate = sample.Tasks[0].Gate with { Modes = modes } }, sample.Tasks[1]] };

        var markdown = MarkdownReportWriter.Write(report);

        Assert.Contains("Labelling modes compared", markdown, StringComparison.Ordinal);
        var rows = markdown.Split('\n').Where(line => line.StartsWith($"| {report.Tasks[0].Task} ", StringComparison.Ordinal) && line.Contains("score", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, row => row.Contains("calibrated score", StringComparison.Ordinal) && row.Contains("chosen (f1)", StringComparison.Ordinal));
        Assert.DoesNotContain("Labelling modes compared", MarkdownReportWriter.Write(sample), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("score", "m (local, score)")]
    [InlineData("calibrated_score", "m (local, calibrated score)")]
    public void Teacher_names_say_the_mode_and_a_named_teacher_gets_it_appended_only_when_modes_are_compared(string mode, string expected)
    {
        Assert.Equal(expected, LocalLabelingModes.TeacherName(null, "m", mode, comparing: true));
        Assert.Equal("mine", LocalLabelingModes.TeacherName("mine", "m", mode, comparing: false));
        Assert.Equal($"mine ({LocalLabelingModes.Describe(mode)})", LocalLabelingModes.TeacherName("mine", "m", mode, comparing: true));
    }

}

using System.Diagnostics;
using Distillery.Contracts.Training;
using Distillery.Domain.Data;
using Distillery.Domain.Jobs;
using Distillery.Domain.Metrics;
using Distillery.Evaluation.Gate;
using Distillery.Evaluation.Metrics;
using Distillery.Evaluation.Reports;
using Distillery.Labeling.Teachers;
using Distillery.Training.Data;
using Distillery.Training.Service;
using MassTransit;

namespace Distillery.Cli.Local;

/// <summary>
/// Runs one task through the workflow in local mode: (1) the teacher against humans on the
/// validation split, stopping at the gate if it disagrees too much; (2) the teacher labels the
/// training pool; (3) students are trained, through the Training service over the in-memory
/// bus, on the pool's human labels and on the teacher's; (4) every arm is scored on the test
/// split with bootstrap CIs and compared pairwise.
/// </summary>
internal sealed class TaskRunner(
    JobSpec job,
    IBus bus,
    StudentOutcomes outcomes,
    InMemoryTrainingData trainingData,
    StudentPredictor predictor,
    LocalTeachers teachers,
    string outputFolder)
{
    private const int TeacherBatch = 64;
    private const string HumanSource = "human";
    private const string TeacherSource = "teacher";

    private readonly ArmScorer _scorer = new(new BootstrapSettings(job.Bootstrap.Resamples, job.Bootstrap.Confidence, JobSeeds.Bootstrap(job.Seed)));

    /// <summary>Steps the progress bar counts for a task: gate, pool, each student twice, evaluation.</summary>
    public static int Steps(JobSpec job) => 3 + (2 * job.Students.Count);

    public async Task<TaskReport> RunAsync(PreparedTask task, ITaskProgress progress, CancellationToken cancellationToken)
    {
        var spec = task.Spec;
        var candidates = teachers.Candidates(job.Teacher, task, JobSeeds.Teacher(job.Seed));
        var splits = task.Splits;
        var sizes = new SplitSizes(splits.Validation.Count, splits.TrainingPool.Count, splits.Test.Count);
        var usage = new UsageMeter();

        progress.Stage(candidates.Count == 1 ? "validating teacher" : $"validating teacher in {candidates.Count} modes");
        var answers = new List<CandidateAnswers>(candidates.Count);
        foreach (var candidate in candidates)
        {
            // Every mode's tokens are spent on the task, so every mode's usage is counted.
            answers.Add(new CandidateAnswers(candidate.Mode, candidate.Teacher.Name, Answers(await Label(candidate.Teacher, task, splits.Validation, usage, progress, cancellationToken))));
        }

        var (gate, chosen) = TeacherModeSelection.Choose(
            [.. splits.Validation.Select(document => (document.Id, document.Text, document.Label!))],
            answers, task.Labels, spec.Codebook.PositiveLabel, job.Gate);
        var teacher = candidates[answers.IndexOf(chosen)].Teacher;
        var validation = chosen.Labels;
        progress.Advance();
        if (!gate.Passed)
        {
            TeacherLabelsFile.Write(outputFolder, spec.Name, splits.Validation.Select((document, i) => (document.Id, validation[i])));
            return Report(task, TaskOutcome.GateFailed, null, sizes, gate, [], [], usage.Usage);
        }

        progress.Stage("labelling pool");
        var pool = await Label(teacher, task, splits.TrainingPool, usage, progress, cancellationToken);
        progress.Advance();
        RegisterTrainingData(task, pool);

        var truth = splits.Test.Select(document => document.Label!).ToList();
        var testTexts = splits.Test.Select(document => document.Text).ToList();
        var arms = new List<ArmReport>();
        var predictions = new Dictionary<string, ArmPredictions>(StringComparer.Ordinal);
        foreach (var student in job.Students)
        {
            foreach (var arm in new[] { Arm.HumanStudent, Arm.TeacherStudent }.Where(job.Arms.Contains))
            {
                progress.Stage($"training {student.Name} ({arm.Name()})");
                var source = arm == Arm.HumanStudent ? HumanSource : TeacherSource;
                var items = arm == Arm.HumanStudent
                    ? splits.TrainingPool.Where(document => document.Label is not null).Select(document => document.Id).ToList()
                    : splits.TrainingPool.Where((_, i) => pool[i].Label is not null).Select(document => document.Id).ToList();
                var trained = await Train(spec.Name, arm.Name(), student, items, source, cancellationToken, progress);
                progress.Stage($"testing {student.Name} ({arm.Name()})");
                var clock = Stopwatch.StartNew();
                var predicted = await predictor.PredictLabelsAsync(trained.ModelId, testTexts, cancellationToken);
                // Evaluated: nothing predicts with it again, so a fine-tuned network's memory goes now.
                predictor.Release(trained.ModelId);
                var armPredictions = new ArmPredictions(truth, predicted, task.Labels, spec.Codebook.PositiveLabel);
                var name = arm.ReportName(student.Name, job.Students.Count);
                predictions[name] = armPredictions;
                arms.Add(_scorer.Score(name, $"student ({(arm == Arm.HumanStudent ? "human" : "teacher")} labels): {student.Name}", armPredictions,
                    new ArmCosts(trained.TrainingItems, new Timing(trained.TrainingSeconds), new Timing(clock.Elapsed.TotalSeconds), 0, 0, null)));
                progress.Advance(2);
            }
        }

        progress.Stage("evaluating teachers");
        var testUsage = new UsageMeter();
        var teacherClock = Stopwatch.StartNew();
        var testLabels = Answers(await Label(teacher, task, splits.Test, testUsage, progress, cancellationToken));
        var teacherSeconds = teacherClock.Elapsed.TotalSeconds;
        usage.Add(testUsage);
        TeacherLabelsFile.Write(outputFolder, spec.Name, splits.Validation.Select((document, i) => (document.Id, validation[i]))
            .Concat(splits.TrainingPool.Select((document, i) => (document.Id, pool[i].Label)))
            .Concat(splits.Test.Select((document, i) => (document.Id, testLabels[i]))));
        if (job.Arms.Contains(Arm.Teacher))
        {
            var armPredictions = new ArmPredictions(truth, testLabels, task.Labels, spec.Codebook.PositiveLabel);
            predictions[Arm.Teacher.Name()] = armPredictions;
            var spent = testUsage.Usage;
            arms.Add(_scorer.Score(Arm.Teacher.Name(), teacher.Name, armPredictions,
                new ArmCosts(0, new Timing(0), new Timing(teacherSeconds), spent.PromptTokens, spent.CompletionTokens, spent.CostUsd)));
        }

        if (job.Arms.Contains(Arm.SecondTeacher) && job.SecondTeacher is { } secondSpec)
        {
            var second = teachers.For(secondSpec, task, JobSeeds.SecondTeacher(job.Seed));
            arms.Add(await SecondTeacherArm(second, task, truth, predictions, progress, cancellationToken));
        }

        progress.Advance();
        return Report(task, TaskOutcome.Completed, null, sizes, gate, arms, Compare(predictions), usage.Usage);
    }

    /// <summary>The ablation: student test F1 when a simulated teacher with the given noise labels the pool.</summary>
    public async Task<AblationPoint> AblationPointAsync(PreparedTask task, ComponentSpec student, double rate, CancellationToken cancellationToken)
    {
        var teacher = TeacherFactory.WithNoise(task.Spec, task.Corpus, rate, JobSeeds.Ablation(job.Seed, rate));
        var source = AblationSpec.Arm(rate);
        var pool = await Label(teacher, task, task.Splits.TrainingPool, new UsageMeter(), null, cancellationToken);
        trainingData.AddLabels(task.Spec.Name, source, TeacherAnswers(pool));
        var trained = await Train(task.Spec.Name, source, student, [.. task.Splits.TrainingPool.Select(document => document.Id)], source, cancellationToken);
        var truth = task.Splits.Test.Select(document => document.Label!).ToList();
        var predicted = await predictor.PredictLabelsAsync(trained.ModelId, [.. task.Splits.Test.Select(document => document.Text)], cancellationToken);
        predictor.Release(trained.ModelId);
        var studentPredictions = new ArmPredictions(truth, predicted, task.Labels, task.Spec.Codebook.PositiveLabel);
        var teacherPredictions = new ArmPredictions(truth, Answers(await Label(teacher, task, task.Splits.Test, new UsageMeter(), null, cancellationToken)), task.Labels, task.Spec.Codebook.PositiveLabel);
        var scored = _scorer.Score("ablation", student.Name, studentPredictions, new ArmCosts(0, new Timing(0), new Timing(0), 0, 0, null));
        var teacherScore = _scorer.Score("ablation-teacher", teacher.Name, teacherPredictions, new ArmCosts(0, new Timing(0), new Timing(0), 0, 0, null));
        return new AblationPoint(rate, teacherScore.F1.Value, scored.F1);
    }

    private async Task<ArmReport> SecondTeacherArm(ITeacher teacher, PreparedTask task, List<string> truth, Dictionary<string, ArmPredictions> predictions, ITaskProgress progress, CancellationToken cancellationToken)
    {
        var usage = new UsageMeter();
        var clock = Stopwatch.StartNew();
        var labels = Answers(await Label(teacher, task, task.Splits.Test, usage, progress, cancellationToken));
        var armPredictions = new ArmPredictions(truth, labels, task.Labels, task.Spec.Codebook.PositiveLabel);
        predictions[Arm.SecondTeacher.Name()] = armPredictions;
        var spent = usage.Usage;
        return _scorer.Score(Arm.SecondTeacher.Name(), teacher.Name, armPredictions,
            new ArmCosts(0, new Timing(0), new Timing(clock.Elapsed.TotalSeconds), spent.PromptTokens, spent.CompletionTokens, spent.CostUsd));
    }

    private List<ArmComparisonReport> Compare(Dictionary<string, ArmPredictions> predictions)
    {
        return [.. ArmPairs.Among(predictions.Keys).Select(pair => _scorer.Compare(pair.ArmA, predictions[pair.ArmA], pair.ArmB, predictions[pair.ArmB]))];
    }

    private void RegisterTrainingData(PreparedTask task, List<TeacherLabel> pool)
    {
        var splits = task.Splits;
        trainingData.AddTask(task.Spec.Name, task.Labels, splits.TrainingPool.ToDictionary(document => document.Id, document => document.Text, StringComparer.Ordinal));
        // Human labels are certain: one-hot probabilities, so a student on soft labels or a confidence
        // threshold trains on them exactly as on hard labels.
        trainingData.AddLabels(task.Spec.Name, HumanSource, splits.TrainingPool.Where(document => document.Label is not null)
            .Select(document => (document.Id, document.Label!, (IReadOnlyList<double>?)[.. task.Labels.Select(label => label == document.Label ? 1.0 : 0.0)])));
        trainingData.AddLabels(task.Spec.Name, TeacherSource, TeacherAnswers(pool));
    }

    /// <summary>
    /// The teacher's labels with the probabilities it gave, abstentions left out: students that
    /// train on soft labels or filter by confidence need the probabilities, not just the label.
    /// </summary>
    private static IEnumerable<(string Id, string Label, IReadOnlyList<double>? Probabilities)> TeacherAnswers(List<TeacherLabel> labels) =>
        labels.Where(label => label.Label is not null).Select(label => (label.Id, label.Label!, label.Probabilities));

    private static IReadOnlyList<string?> Answers(List<TeacherLabel> labels) => [.. labels.Select(label => label.Label)];

    /// <summary>
    /// Trains through the Training service over the bus, as the distributed mode does; its
    /// progress events (embedding, fine-tuning) go to <paramref name="progress"/>'s line.
    /// </summary>
    private async Task<StudentTrained> Train(string taskName, string arm, ComponentSpec student, IReadOnlyList<string> items, string source, CancellationToken cancellationToken, ITaskProgress? progress = null)
    {
        var seed = JobSeeds.Student(job.Seed, taskName, arm, student.Name);
        var modelId = DeterministicIds.ModelId(job.Name, job.Seed, taskName, arm, student.Name);
        var outcome = outcomes.For(modelId);
        using var following = progress is null ? null : outcomes.Follow(modelId, progressed => progress.Activity(progressed.Activity, progressed.Done, progressed.Total));
        await bus.Publish(new TrainStudent(modelId, job.Name, taskName, arm, JobPreparation.Specification(student), items, source, seed), cancellationToken);
        return await outcome.WaitAsync(cancellationToken) switch
        {
            StudentTrained trained => trained,
            StudentTrainingFailed failed => throw new InvalidOperationException(failed.Reason),
            var other => throw new InvalidOperationException($"unexpected answer {other}"),
        };
    }

    private static async Task<List<TeacherLabel>> Label(ITeacher teacher, PreparedTask task, IReadOnlyList<Document> documents, UsageMeter usage, ITaskProgress? progress, CancellationToken cancellationToken)
    {
        var labels = new List<TeacherLabel>(documents.Count);
        for (var start = 0; start < documents.Count; start += TeacherBatch)
        {
            var batch = documents.Skip(start).Take(TeacherBatch).Select(document => new TextToLabel(document.Id, document.Text)).ToList();
            var result = await teacher.LabelAsync(new TeacherRequest(task.Spec.Name, task.Spec.Codebook, batch), cancellationToken);
            usage.Add(result);
            labels.AddRange(result.Labels);
            progress?.Count(labels.Count, documents.Count);
        }

        return labels;
    }

    private static TaskReport Report(PreparedTask task, TaskOutcome outcome, string? failure, SplitSizes sizes, GateReport gate, List<ArmReport> arms, List<ArmComparisonReport> comparisons, TeacherUsage usage) => new(
        task.Spec.Name, task.Spec.Description, outcome, failure, task.Spec.Codebook.LabelNames, task.Spec.Codebook.PositiveLabel, sizes, gate, arms, comparisons, usage);

    /// <summary>Adds up what the teacher spent on a task.</summary>
    private sealed class UsageMeter
    {
        private int _texts;
        private long _prompt;
        private long _completion;
        private decimal? _cost = 0m;
        private int _abstentions;
        private int _cacheHits;
        private TeacherProvenance? _provenance;

        public TeacherUsage Usage => new(_texts, _prompt, _completion, _cost, _abstentions, _cacheHits, _provenance?.Model, _provenance?.PromptVersion);

        public void Add(UsageMeter other)
        {
            _texts += other._texts;
            _prompt += other._prompt;
            _completion += other._completion;
            _cost = _cost is { } sum && other._cost is { } cost ? sum + cost : null;
            _abstentions += other._abstentions;
            _cacheHits += other._cacheHits;
            _provenance ??= other._provenance;
        }

        public void Add(TeacherBatchResult result)
        {
            _texts += result.Labels.Count;
            _prompt += result.PromptTokens;
            _completion += result.CompletionTokens;
            _cost = _cost is { } sum && result.CostUsd is { } cost ? sum + cost : null;
            _abstentions += result.Abstentions;
            _cacheHits += result.CacheHits;
            _provenance ??= result.Provenance;
        }
    }
}

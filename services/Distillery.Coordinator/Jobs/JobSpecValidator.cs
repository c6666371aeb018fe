using System.Globalization;
using System.Text.RegularExpressions;
using Distillery.Contracts.Grpc;
using Distillery.Contracts.Labeling;
using Distillery.Contracts.Training;
using Distillery.Domain.Data;
using Distillery.Domain.Jobs;
using Distillery.Domain.Specs;
using Distillery.Domain.Splits;
using Distillery.Domain.Tasks;
using Distillery.Grpc;
using Distillery.Labeling.Endpoints;
using Distillery.Labeling.Teachers;
using Distillery.Training.Service;
using Distillery.Training.Students;
using Grpc.Core;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Coordinator.Jobs;

/// <summary>
/// Checks a submitted job before anything is stored or sent, and splits its tasks. Every
/// problem is an <c>INVALID_ARGUMENT</c> whose message starts with the field's path in the
/// request (<c>spec.tasks[1].documents[7].human_label: …</c>), so a client can point at it, and
/// quotes what the client sent only briefly (<see cref="ClientValue"/>). The teacher's and the
/// students' settings are checked by their owners' own validators (Labeling's
/// <see cref="TeacherFactory"/>, against the endpoints the operator registered; Training's
/// <see cref="StudentFactory"/>), as the services that run them will check them again.
/// </summary>
public static partial class JobSpecValidator
{
    /// <summary>Teacher kinds the distributed mode runs (a replay teacher's labels come with the uploaded documents).</summary>
    public static readonly string[] TeacherKinds = ["simulated", "openai", "local", "replay"];

    public static IReadOnlyList<SubmittedTask> Validate(
        V1.JobSpec spec, IReadOnlyDictionary<string, IReadOnlyList<V1.Document>> uploaded, TeacherEndpoints endpoints, StudentFactory students)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(uploaded);
        if (RequestText.FirstProblem(spec, "spec") is { } text)
        {
            throw Invalid(text.Field, text.Problem);
        }

        foreach (var (task, documents) in uploaded)
        {
            for (var i = 0; i < documents.Count; i++)
            {
                if (RequestText.FirstProblem(documents[i], $"upload for task {ClientValue.Quote(task)}[{i}]") is { } inUpload)
                {
                    throw Invalid(inUpload.Field, inUpload.Problem);
                }
            }
        }

        Require(!string.IsNullOrWhiteSpace(spec.Name), "spec.name", "must not be empty");
        Require(spec.Tasks.Count > 0, "spec.tasks", "a job needs at least one task");
        Component(spec.Teacher, "spec.teacher", TeacherKinds);
        if (spec.SecondTeacher is { } second)
        {
            Component(second, "spec.second_teacher", TeacherKinds);
            // Labels are stored under the teacher's name: two teachers of one name would share them.
            Require(TeacherName(second) != TeacherName(spec.Teacher), "spec.second_teacher.name",
                $"{ClientValue.Quote(TeacherName(second))} is the teacher's name too; give the second teacher a name of its own");
        }

        Require(spec.Students.Count > 0, "spec.students", "a job needs at least one student");
        for (var i = 0; i < spec.Students.Count; i++)
        {
            // The kinds Training builds: one list, so a new student needs no second registration here.
            Component(spec.Students[i], $"spec.students[{i}]", [.. students.Kinds.Order(StringComparer.Ordinal)]);
            Student(spec.Students[i], $"spec.students[{i}]", students);
        }

        Require(spec.Students.Select(StudentName).Distinct(StringComparer.Ordinal).Count() == spec.Students.Count, "spec.students", "student names must be unique");
        Require(spec.Arms.Count > 0, "spec.arms", "a job needs at least one arm");
        for (var i = 0; i < spec.Arms.Count; i++)
        {
            Require(ArmNames.TryParse(spec.Arms[i], out var arm), $"spec.arms[{i}]",
                $"{ClientValue.Quote(spec.Arms[i])} is not an arm ({string.Join(", ", ArmNames.All)})");
            Require(arm != Arm.SecondTeacher || spec.SecondTeacher is not null, $"spec.arms[{i}]", "arm 'second-teacher' needs a spec.second_teacher");
        }

        if (spec.Gate is { } gate)
        {
            Require(gate.Metric.Length == 0 || GateSpec.Metrics.Contains(gate.Metric), "spec.gate.metric", $"{ClientValue.Quote(gate.Metric)} is not one of {string.Join(", ", GateSpec.Metrics)}");
            Require(gate.Threshold is >= -1 and <= 1, "spec.gate.threshold", "must be between -1 and 1");
        }

        Require(spec.BootstrapResamples is 0 or (>= 50 and <= 100_000), "spec.bootstrap_resamples", "must be between 50 and 100000 (0 for the default)");
        Require(spec.ConfidenceLevel == 0 || spec.ConfidenceLevel is > 0.5 and < 1, "spec.confidence_level", "must be between 0.5 and 1 (0 for the default)");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tasks = new List<SubmittedTask>();
        for (var i = 0; i < spec.Tasks.Count; i++)
        {
            var task = spec.Tasks[i];
            var at = $"spec.tasks[{i}]";
            Require(TaskName().IsMatch(task.Name), $"{at}.name", $"{ClientValue.Quote(task.Name)} must be lower-case letters, digits and '-'");
            Require(names.Add(task.Name), $"{at}.name", $"task {ClientValue.Quote(task.Name)} appears twice");
            var codebook = Codebook(task.Codebook, $"{at}.codebook");
            Require(task.Documents.Count == 0 || !uploaded.ContainsKey(task.Name), $"{at}.documents", $"task {ClientValue.Quote(task.Name)} has documents inline and uploaded; send them one way");
            var documents = task.Documents.Count > 0 ? task.Documents : uploaded.GetValueOrDefault(task.Name) ?? [];
            var corpus = Corpus(documents, codebook, task.Documents.Count > 0 ? $"{at}.documents" : $"upload for task '{task.Name}'", task.Name);
            var splits = Splits(task.Splits, $"{at}.splits");
            TaskSplits split;
            try
            {
                split = GroupStratifiedSplitter.Split(corpus, splits, task.Seed, task.Name);
            }
            catch (SplitException e)
            {
                throw Invalid($"{at}.splits", e.Message);
            }

            tasks.Add(new SubmittedTask(task.Name, task.Description.Length == 0 ? null : task.Description, codebook, corpus, split,
                Replayed(spec, documents, task.Documents.Count > 0 ? $"{at}.documents" : $"upload for task '{task.Name}'")));
        }

        if (spec.Ablation is { } ablation)
        {
            Ablation(spec, ablation, names);
        }

        var stray = uploaded.Keys.Where(task => !names.Contains(task)).Order(StringComparer.Ordinal).FirstOrDefault();
        Require(stray is null, "upload_id", $"documents were uploaded for task {ClientValue.Quote(stray ?? "")}, which spec.tasks does not name");
        Teacher(spec.Teacher, "spec.teacher", [.. tasks.Select(task => (task.Name, task.Codebook))], endpoints);
        if (spec.SecondTeacher is { } secondTeacher)
        {
            Teacher(secondTeacher, "spec.second_teacher", [.. tasks.Select(task => (task.Name, task.Codebook))], endpoints);
        }

        return tasks;
    }

    /// <summary>The rules the job file's reader applies to <c>ablation</c>, field by field.</summary>
    private static void Ablation(V1.JobSpec spec, V1.AblationSpec ablation, HashSet<string> tasks)
    {
        Require(ablation.Tasks.Count > 0, "spec.ablation.tasks", "an ablation needs at least one task");
        for (var i = 0; i < ablation.Tasks.Count; i++)
        {
            Require(tasks.Contains(ablation.Tasks[i]), $"spec.ablation.tasks[{i}]", $"{ClientValue.Quote(ablation.Tasks[i])} is not a task of this job");
            Require(ablation.Tasks.IndexOf(ablation.Tasks[i]) == i, $"spec.ablation.tasks[{i}]", $"{ClientValue.Quote(ablation.Tasks[i])} appears twice");
        }

        Require(ablation.NoiseRates.Count >= 2, "spec.ablation.noise_rates", "an ablation needs at least two noise rates");
        for (var i = 0; i < ablation.NoiseRates.Count; i++)
        {
            Require(ablation.NoiseRates[i] is >= 0 and <= 0.5, $"spec.ablation.noise_rates[{i}]", "must be between 0 and 0.5");
            Require(ablation.NoiseRates.IndexOf(ablation.NoiseRates[i]) == i, $"spec.ablation.noise_rates[{i}]", "appears twice");
        }

        Require(spec.Students.Any(student => StudentName(student) == ablation.Student), "spec.ablation.student",
            $"{ClientValue.Quote(ablation.Student)} is not one of the job's students");
        // The ablation's labels are stored under its teachers' names, as the job's teachers' are.
        var taken = ablation.NoiseRates.Select(AblationSpec.TeacherName).ToHashSet(StringComparer.Ordinal);
        Require(!taken.Contains(TeacherName(spec.Teacher)), "spec.teacher.name", $"{ClientValue.Quote(TeacherName(spec.Teacher))} is the name of a noise ablation teacher");
        Require(spec.SecondTeacher is null || !taken.Contains(TeacherName(spec.SecondTeacher)), "spec.second_teacher.name",
            $"{ClientValue.Quote(spec.SecondTeacher is null ? "" : TeacherName(spec.SecondTeacher))} is the name of a noise ablation teacher");
    }

    public static string StudentName(V1.Component student) => student.Name.Length > 0 ? student.Name : student.Kind;

    public static string TeacherName(V1.Component teacher) => teacher.Name.Length > 0 ? teacher.Name : teacher.Kind;

    /// <summary>The student as Training reads it: its kind, name and settings.</summary>
    public static StudentSpecification Specification(V1.Component student) =>
        new(student.Kind, StudentName(student), student.Settings.ToDictionary(setting => setting.Key, setting => setting.Value, StringComparer.Ordinal));

    /// <summary>Labeling's own check of the teacher, against the endpoints jobs may name; keys are Labeling's alone, so not required here.</summary>
    private static void Teacher(V1.Component teacher, string at, IReadOnlyList<(string Name, Codebook Codebook)> tasks, TeacherEndpoints endpoints)
    {
        var settings = new Dictionary<string, string>(teacher.Settings, StringComparer.Ordinal);
        Require(!settings.ContainsKey("kind") && !settings.ContainsKey("name"), $"{at}.settings", "kind and name are the component's own fields, not settings");
        settings["kind"] = teacher.Kind;
        settings["name"] = TeacherName(teacher);
        try
        {
            TeacherFactory.ValidateSettings(new ComponentSpec(teacher.Kind, settings["name"], SpecFile.FromSettings(settings, $"{at}.settings")), tasks, endpoints, requireKeys: false);
        }
        catch (SpecException e)
        {
            throw Invalid(e.Path is { Length: > 0 } path ? $"{at}.settings.{path}" : $"{at}.settings", e.Problem);
        }
    }

    /// <summary>Training's own check of a student's settings.</summary>
    private static void Student(V1.Component student, string at, StudentFactory students)
    {
        try
        {
            students.Create(Specification(student));
        }
        catch (StudentTrainingException e)
        {
            throw Invalid(e.Setting is { } setting ? $"{at}.settings.{setting}" : $"{at}.settings", e.Message);
        }
    }

    private static Codebook Codebook(V1.Codebook? codebook, string at)
    {
        Require(codebook is not null, at, "is required");
        Require(!string.IsNullOrWhiteSpace(codebook!.Instructions), $"{at}.instructions", "must not be empty");
        Require(codebook.Labels.Count >= 2, $"{at}.labels", "a codebook needs at least two labels");
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < codebook.Labels.Count; i++)
        {
            Require(codebook.Labels[i].Name.Trim().Length > 0, $"{at}.labels[{i}].name", "must not be empty");
            Require(labels.Add(codebook.Labels[i].Name), $"{at}.labels[{i}].name", $"{ClientValue.Quote(codebook.Labels[i].Name)} appears twice");
        }

        var allowed = string.Join(", ", codebook.Labels.Select(label => label.Name));
        if (codebook.Labels.Count == 2 || codebook.PositiveLabel.Length > 0)
        {
            Require(labels.Contains(codebook.PositiveLabel), $"{at}.positive_label",
                codebook.PositiveLabel.Length == 0 ? $"a two-label codebook needs one ({allowed})" : $"{ClientValue.Quote(codebook.PositiveLabel)} is not a label ({allowed})");
        }

        for (var i = 0; i < codebook.Examples.Count; i++)
        {
            Require(labels.Contains(codebook.Examples[i].Label), $"{at}.examples[{i}].label", $"{ClientValue.Quote(codebook.Examples[i].Label)} is not a label ({allowed})");
        }

        return codebook.ToCodebook();
    }

    /// <summary>
    /// The labels the job's replay teachers replay, by teacher name and document id, from the
    /// documents (the client read its files). A label for a teacher the job has not is refused;
    /// a document without one fails its batch when the teacher is asked for it, as in local mode.
    /// </summary>
    private static Dictionary<string, Dictionary<string, ReplayedLabel>> Replayed(V1.JobSpec spec, IReadOnlyList<V1.Document> documents, string at)
    {
        var teachers = new[] { spec.Teacher, spec.SecondTeacher }.Where(teacher => teacher?.Kind == "replay").Select(teacher => TeacherName(teacher!)).ToList();
        var replayed = teachers.ToDictionary(teacher => teacher, _ => new Dictionary<string, ReplayedLabel>(StringComparer.Ordinal), StringComparer.Ordinal);
        for (var i = 0; i < documents.Count; i++)
        {
            foreach (var (teacher, label) in documents[i].Replayed)
            {
                Require(replayed.ContainsKey(teacher), $"{at}[{i}].replayed", $"{ClientValue.Quote(teacher)} is not a replay teacher of this job");
                replayed[teacher][documents[i].Id] = new ReplayedLabel(label.Label, label.Probabilities.Count > 0 ? [.. label.Probabilities] : null);
            }
        }

        return replayed;
    }

    private static Corpus Corpus(IReadOnlyList<V1.Document> documents, Codebook codebook, string at, string task)
    {
        Require(documents.Count > 0, at, $"task {ClientValue.Quote(task)} has no documents (send them inline or upload them first)");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Document>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            Require(document.Id.Length > 0, $"{at}[{i}].id", "must not be empty");
            Require(ids.Add(document.Id), $"{at}[{i}].id", $"{ClientValue.Quote(document.Id)} appears twice");
            Require(!string.IsNullOrWhiteSpace(document.Text), $"{at}[{i}].text", $"document {ClientValue.Quote(document.Id)} has no text");
            Require(document.HumanLabel.Length == 0 || codebook.Contains(document.HumanLabel), $"{at}[{i}].human_label",
                $"{ClientValue.Quote(document.HumanLabel)} (document {ClientValue.Quote(document.Id)}) is not a label of the codebook ({codebook.Allowed})");
            result.Add(new Document(document.Id, document.Text, document.HumanLabel.Length == 0 ? null : document.HumanLabel, document.Group.Length == 0 ? document.Id : document.Group));
        }

        return new Corpus($"task '{task}'", result);
    }

    private static SplitSpec Splits(V1.SplitSpec? splits, string at)
    {
        Require(splits is not null, at, "is required");
        return new SplitSpec(Size(splits!.Validation, $"{at}.validation"), Size(splits.TrainingPool, $"{at}.training_pool"), Size(splits.Test, $"{at}.test"));
    }

    private static SplitSize Size(V1.SplitSize? size, string at)
    {
        Require(size is not null && size.SizeCase != V1.SplitSize.SizeOneofCase.None, at, "is required (a count or a fraction)");
        if (size!.SizeCase == V1.SplitSize.SizeOneofCase.Count)
        {
            Require(size.Count >= 1, $"{at}.count", string.Create(CultureInfo.InvariantCulture, $"{size.Count} is not a positive number of documents"));
            return SplitSize.Documents(size.Count);
        }

        Require(size.Fraction is > 0 and < 1, $"{at}.fraction", string.Create(CultureInfo.InvariantCulture, $"{size.Fraction} is not between 0 and 1"));
        return SplitSize.Share(size.Fraction);
    }

    private static void Component(V1.Component? component, string at, string[] kinds)
    {
        Require(component is not null, at, "is required");
        Require(kinds.Contains(component!.Kind), $"{at}.kind", $"{ClientValue.Quote(component.Kind)} is not one of {string.Join(", ", kinds)}");
    }

    private static void Require(bool condition, string field, string problem)
    {
        if (!condition)
        {
            throw Invalid(field, problem);
        }
    }

    private static RpcException Invalid(string field, string problem) => InvalidArgument.FromMessage($"{field}: {problem}");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex TaskName();
}

using System.Globalization;
using Distillery.Domain.Data;
using Distillery.Domain.Jobs;
using Distillery.Domain.Specs;
using Distillery.Domain.Tasks;
using Distillery.Labeling.Endpoints;
using Distillery.Labeling.Teachers.Local;
using Distillery.Labeling.Teachers.OpenAi;

namespace Distillery.Labeling.Teachers;

/// <summary>
/// Builds the job's teacher for one task from its spec. <see cref="Validate"/> checks the
/// settings (with their line and column) before any work starts; <see cref="ValidateSettings"/>
/// is the part that needs no files, which the Coordinator runs at Submit. Language-model
/// teachers reach only the endpoints <see cref="TeacherEndpoints"/> allows.
/// <list type="bullet">
/// <item><c>simulated</c>: <c>false_positive_rate</c> and <c>false_negative_rate</c> (binary
/// tasks), or <c>flip_rate</c> (every class); human labels flipped at those rates.</item>
/// <item><c>replay</c>: <c>path</c> (relative to the job file; <c>{task}</c> is replaced by the
/// task's name), <c>id_column</c> (default <c>id</c>), <c>label_column</c> (default <c>label</c>).</item>
/// <item><c>openai</c>: an OpenAI-compatible chat endpoint, see <see cref="OpenAiTeacherSpec"/>.</item>
/// <item><c>local</c>: a model of our Inference service, see <see cref="LocalTeacherSpec"/>.</item>
/// <item><c>replay</c> reads its files where the job file is read; <c>distillery submit</c> uploads
/// their labels with the documents, and each batch carries its documents' labels to Labeling.</item>
/// </list>
/// </summary>
public static class TeacherFactory
{
    public static readonly string[] Kinds = [SimulatedTeacher.KindName, ReplayTeacher.KindName, OpenAiTeacher.KindName, LocalTeacher.KindName];

    /// <summary>Whether teachers of this kind are language models (shared across tasks, cached, priced).</summary>
    public static bool IsLanguageModelKind(string kind) => kind is OpenAiTeacher.KindName or LocalTeacher.KindName;

    /// <summary>What a teacher of <paramref name="kind"/> is, in the report's words (one wording for both modes).</summary>
    public static string Describe(string kind) => kind switch
    {
        SimulatedTeacher.KindName => "human labels with simulated noise",
        ReplayTeacher.KindName => "labels recorded earlier, replayed by document id",
        _ => "a language model",
    };

    public static void Validate(ComponentSpec spec, IReadOnlyList<TaskSpec> tasks, string jobDirectory, TeacherEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(tasks);
        if (spec.Kind != ReplayTeacher.KindName)
        {
            // Keys are needed where the teacher will be called from here (local mode); a job for a
            // cluster names endpoints whose keys only the cluster's Labeling service holds.
            ValidateSettings(spec, [.. tasks.Select(task => (task.Name, task.Codebook))], endpoints, requireKeys: endpoints.AllowJobEndpoints);
            return;
        }

        spec.Settings.AllowOnly("kind", "name", "path", "id_column", "label_column");
        foreach (var task in tasks)
        {
            var path = ReplayPath(spec, task, jobDirectory);
            if (!File.Exists(path))
            {
                throw spec.Settings.Required("path").Error($"replay file '{path}' (for task '{task.Name}') does not exist");
            }
        }
    }

    /// <summary>
    /// Checks a teacher's settings (a replay teacher's without its files) against the tasks' codebooks and the
    /// registered endpoints; with <paramref name="requireKeys"/> false (the Coordinator, which
    /// holds no keys) a missing key is not an error.
    /// </summary>
    public static void ValidateSettings(ComponentSpec spec, IReadOnlyList<(string Name, Codebook Codebook)> tasks, TeacherEndpoints endpoints, bool requireKeys)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(tasks);
        switch (spec.Kind)
        {
            case OpenAiTeacher.KindName:
                OpenAiTeacherSpec.Read(spec.Settings, endpoints, requireKeys);
                break;
            case LocalTeacher.KindName:
                LocalTeacherSpec.Read(spec.Settings, endpoints);
                break;
            case ReplayTeacher.KindName:
                // The files are read where the job file is; a cluster receives their labels with the documents.
                spec.Settings.AllowOnly("kind", "name", "path", "id_column", "label_column");
                spec.Settings.Required("path").NonEmptyText();
                break;
            case SimulatedTeacher.KindName:
                spec.Settings.AllowOnly("kind", "name", "false_positive_rate", "false_negative_rate", "flip_rate");
                ReadRates(spec.Settings);
                if (spec.Settings.Has("false_positive_rate") && tasks.FirstOrDefault(task => !task.Codebook.IsBinary) is { Name: not null } multiClass)
                {
                    throw spec.Settings.Error($"false_positive_rate applies to binary tasks; task '{multiClass.Name}' has {multiClass.Codebook.Labels.Count} labels: use flip_rate");
                }

                break;
            default:
                throw spec.Settings.Required("kind").Error($"unknown teacher kind '{spec.Kind}' (known: {string.Join(", ", Kinds)})");
        }
    }

    /// <summary>
    /// What the validation gate chooses between: one candidate per labelling mode for a local
    /// teacher with <c>mode: auto</c>, otherwise the teacher alone.
    /// </summary>
    public static IReadOnlyList<TeacherCandidate> Candidates(ComponentSpec spec, TaskSpec task, Corpus corpus, ulong seed, string jobDirectory, TeacherEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind == LocalTeacher.KindName && LocalTeacherSpec.Read(spec.Settings, endpoints) is { CompareModes: true } local)
        {
            var name = spec.Name == spec.Kind ? null : spec.Name;
            return [.. LocalLabelingModes.Compared.Select(mode => new TeacherCandidate(
                mode,
                new LocalTeacher(local with { Mode = LocalTeacherSettings.Parse(mode), CompareModes = false }, LocalLabelingModes.TeacherName(name, local.Model, mode, comparing: true))))];
        }

        return [new TeacherCandidate(null, Create(spec, task, corpus, seed, jobDirectory, endpoints))];
    }

    /// <summary>The teacher for one task; <paramref name="corpus"/> supplies the human labels a simulated teacher starts from.</summary>
    public static ITeacher Create(ComponentSpec spec, TaskSpec task, Corpus corpus, ulong seed, string jobDirectory, TeacherEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(task);
        switch (spec.Kind)
        {
            case LocalTeacher.KindName:
                return Local(LocalTeacherSpec.Read(spec.Settings, endpoints), spec.Name == spec.Kind ? null : spec.Name);
            case OpenAiTeacher.KindName:
                return new OpenAiTeacher(OpenAiTeacherSpec.Read(spec.Settings, endpoints), spec.Name == spec.Kind ? null : spec.Name);
            case SimulatedTeacher.KindName:
                return Simulated(spec, task.Codebook, HumanLabels(corpus), seed);
            case ReplayTeacher.KindName:
                return Replay(spec, ReplayPath(spec, task, jobDirectory), ReplayLabels(spec, task, jobDirectory));
            default:
                throw new TeacherException($"unknown teacher kind '{spec.Kind}'");
        }
    }

    /// <summary>A replay teacher's labels of one task, read from its file (on the machine that reads the job file).</summary>
    public static IReadOnlyDictionary<string, RecordedLabel> ReplayLabels(ComponentSpec spec, TaskSpec task, string jobDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ReplayLabelsFile.Load(
            ReplayPath(spec, task, jobDirectory),
            spec.Settings.Optional("id_column")?.NonEmptyText() ?? "id",
            spec.Settings.Optional("label_column")?.NonEmptyText() ?? "label");
    }

    /// <summary>
    /// A replay teacher over <paramref name="labels"/>, from its file in local mode or uploaded with the
    /// job in a cluster; <paramref name="source"/> says where they came from in its errors.
    /// </summary>
    public static ReplayTeacher Replay(ComponentSpec spec, string source, IReadOnlyDictionary<string, RecordedLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // Named by the spec's path pattern, not one task's file: one teacher, one name across the job.
        return new ReplayTeacher($"replayed labels ({spec.Settings.Required("path").NonEmptyText()})", source, labels);
    }

    /// <summary>A local teacher in one mode; <c>mode: auto</c> is the gate's to resolve (<see cref="Candidates"/>), not a teacher's.</summary>
    public static LocalTeacher Local(LocalTeacherSettings settings, string? name) => settings.CompareModes
        ? throw new TeacherException($"mode '{LocalLabelingModes.Auto}' is chosen at the validation gate; a teacher labels in one mode ({string.Join(", ", LocalLabelingModes.Compared)})")
        : new LocalTeacher(settings, name);

    /// <summary>A simulated teacher from its spec, flipping the given human labels (document id to label).</summary>
    public static SimulatedTeacher Simulated(ComponentSpec spec, Codebook codebook, IReadOnlyDictionary<string, string> humanLabels, ulong seed)
    {
        var (falsePositive, falseNegative, flip) = ReadRates(spec.Settings);
        // Named by its rates unless the spec names it, as the other kinds are: a second simulated
        // teacher at the same rates needs its own name, since labels are stored under it.
        return new SimulatedTeacher(RatesFor(codebook, falsePositive, falseNegative, flip), seed, humanLabels,
            spec.Name == spec.Kind ? Describe(falsePositive, falseNegative, flip) : spec.Name);
    }

    /// <summary>A simulated teacher flipping every class at one rate: the noise ablation's teacher.</summary>
    public static SimulatedTeacher WithNoise(TaskSpec task, Corpus corpus, double rate, ulong seed) =>
        new(task.Codebook.LabelNames.ToDictionary(label => label, _ => rate), seed, HumanLabels(corpus), AblationSpec.TeacherName(rate));

    private static Dictionary<string, string> HumanLabels(Corpus corpus) =>
        corpus.Labelled.ToDictionary(document => document.Id, document => document.Label!, StringComparer.Ordinal);

    private static (double? FalsePositive, double? FalseNegative, double? Flip) ReadRates(SpecNode settings)
    {
        var falsePositive = settings.Optional("false_positive_rate")?.Number(0, 1);
        var falseNegative = settings.Optional("false_negative_rate")?.Number(0, 1);
        var flip = settings.Optional("flip_rate")?.Number(0, 1);
        if (flip is null && falsePositive is null && falseNegative is null)
        {
            throw settings.Error("a simulated teacher needs flip_rate, or false_positive_rate and false_negative_rate");
        }

        if (flip is not null && (falsePositive is not null || falseNegative is not null))
        {
            throw settings.Error("give either flip_rate or false_positive_rate/false_negative_rate, not both");
        }

        return (falsePositive, falseNegative, flip);
    }

    private static Dictionary<string, double> RatesFor(Codebook codebook, double? falsePositive, double? falseNegative, double? flip)
    {
        if (flip is { } rate)
        {
            return codebook.LabelNames.ToDictionary(label => label, _ => rate);
        }

        var positive = codebook.PositiveLabel!;
        return codebook.LabelNames.ToDictionary(label => label, label => label == positive ? falseNegative ?? 0 : falsePositive ?? 0);
    }

    /// <summary>The same name for every task of a job, whatever the task's labels are called.</summary>
    private static string Describe(double? falsePositive, double? falseNegative, double? flip) =>
        flip is { } rate
            ? $"simulated teacher (human labels flipped at {Rate(rate)})"
            : $"simulated teacher (human labels; false-positive rate {Rate(falsePositive ?? 0)}, false-negative rate {Rate(falseNegative ?? 0)})";

    private static string Rate(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture);

    private static string ReplayPath(ComponentSpec spec, TaskSpec task, string jobDirectory) =>
        Path.GetFullPath(Path.Combine(jobDirectory, spec.Settings.Required("path").NonEmptyText().Replace("{task}", task.Name, StringComparison.Ordinal)));
}

using System.Collections.Concurrent;
using Distillery.Contracts.Labeling;
using Distillery.Domain.Jobs;
using Distillery.Domain.Specs;
using Distillery.Domain.Tasks;
using Distillery.Labeling.Cache;
using Distillery.Labeling.Endpoints;
using Distillery.Labeling.Teachers;
using Distillery.Labeling.Teachers.OpenAi;

namespace Distillery.Labeling.Service;

/// <summary>
/// The teachers of one Labeling replica, built from the <see cref="TeacherSpecification"/> in
/// each batch. A language-model teacher is built once per spec and shared by every batch, so
/// that its concurrency and rate limits hold for the whole replica, and it sits behind the
/// label cache. Settings are validated by the same code as the job file; a bad one is a
/// <see cref="SpecException"/> naming the setting. Language models are reached only through the
/// endpoints the operator registered (<see cref="TeacherEndpoints"/>), whatever a message says.
/// </summary>
public sealed class TeacherRegistry(ILabelCache cache, TeacherEndpoints endpoints, LabelingTelemetry telemetry) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ITeacher>> _languageModels = new(StringComparer.Ordinal);

    public ITeacher For(TeacherSpecification teacher, Codebook codebook, IReadOnlyDictionary<string, DocumentToLabel> documents, ulong seed,
        IReadOnlyDictionary<string, ReplayedLabel>? replayed = null)
    {
        var settings = new Dictionary<string, string>(teacher.Settings, StringComparer.Ordinal) { ["kind"] = teacher.Kind, ["name"] = teacher.Name };
        var spec = new ComponentSpec(teacher.Kind, teacher.Name, SpecFile.FromSettings(settings, $"teacher '{teacher.Name}'"));
        switch (teacher.Kind)
        {
            case Teachers.Local.LocalTeacher.KindName:
                return _languageModels.GetOrAdd(SpecKey(settings), _ => new Lazy<ITeacher>(() => Cached(
                    TeacherFactory.Local(Teachers.Local.LocalTeacherSpec.Read(spec.Settings, endpoints), spec.Name == spec.Kind ? null : spec.Name)))).Value;
            case OpenAiTeacher.KindName:
                return _languageModels.GetOrAdd(SpecKey(settings), _ => new Lazy<ITeacher>(() => Cached(OpenAi(spec)))).Value;
            case SimulatedTeacher.KindName:
                var humanLabels = documents.Values
                    .Where(document => document.HumanLabel is not null)
                    .ToDictionary(document => document.Id, document => document.HumanLabel!, StringComparer.Ordinal);
                return TeacherFactory.Simulated(spec, codebook, humanLabels, seed);
            case ReplayTeacher.KindName:
                return TeacherFactory.Replay(spec, "the labels uploaded with the job", (replayed ?? new Dictionary<string, ReplayedLabel>())
                    .ToDictionary(pair => pair.Key, pair => new RecordedLabel(pair.Value.Label, pair.Value.Probabilities is { Count: > 0 } probabilities ? probabilities : null), StringComparer.Ordinal));
            default:
                throw new TeacherException($"teacher kind '{teacher.Kind}' cannot run in the Labeling service (it runs openai, local, simulated and replay teachers)");
        }
    }

    public void Dispose()
    {
        foreach (var teacher in _languageModels.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value))
        {
            ((teacher as CachingTeacher)?.Inner as IDisposable)?.Dispose();
        }
    }

    /// <summary>Behind the label cache, its calls to the model timed (<c>distillery_teacher_call_duration</c>).</summary>
    private CachingTeacher Cached(ICacheableTeacher teacher) =>
        new(teacher, cache, elapsed => telemetry.RecordTeacherCall(teacher.Name, elapsed));

    /// <summary>One teacher per distinct spec: the same settings share limits and connections.</summary>
    private static string SpecKey(Dictionary<string, string> settings) =>
        string.Join('\n', settings.OrderBy(setting => setting.Key, StringComparer.Ordinal).Select(setting => $"{setting.Key}={setting.Value}"));

    private OpenAiTeacher OpenAi(ComponentSpec spec) =>
        new(
            OpenAiTeacherSpec.Read(spec.Settings, endpoints),
            spec.Name == spec.Kind ? null : spec.Name,
            onRetry: (status, _) => telemetry.Retries.Add(1, KeyValuePair.Create<string, object?>("status", status)));
}

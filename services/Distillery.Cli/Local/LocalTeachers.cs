using System.Collections.Concurrent;
using Distillery.Domain.Jobs;
using Distillery.Labeling.Cache;
using Distillery.Labeling.Endpoints;
using Distillery.Labeling.Teachers;

namespace Distillery.Cli.Local;

/// <summary>
/// The job's teachers in local mode. A language-model teacher is built once per spec and shared
/// by every task, so that its concurrency and rate limits hold for the whole job, and it sits
/// behind the label cache file; simulated and replayed teachers are built per task from that
/// task's data.
/// </summary>
internal sealed class LocalTeachers(ILabelCache cache, string jobDirectory, TeacherEndpoints endpoints) : IDisposable
{
    private readonly ConcurrentDictionary<ComponentSpec, Lazy<IReadOnlyList<TeacherCandidate>>> _languageModels = new();

    /// <summary>The teacher, in its first mode when the gate is to compare modes.</summary>
    public ITeacher For(ComponentSpec spec, PreparedTask task, ulong seed) => Candidates(spec, task, seed)[0].Teacher;

    /// <summary>What the validation gate chooses between: each labelling mode of a local teacher with <c>mode: auto</c>, else the teacher alone.</summary>
    public IReadOnlyList<TeacherCandidate> Candidates(ComponentSpec spec, PreparedTask task, ulong seed) =>
        TeacherFactory.IsLanguageModelKind(spec.Kind)
            ? _languageModels.GetOrAdd(spec, _ => new Lazy<IReadOnlyList<TeacherCandidate>>(() =>
                [.. TeacherFactory.Candidates(spec, task.Spec, task.Corpus, seed, jobDirectory, endpoints).Select(candidate => candidate with { Teacher = Cached(candidate.Teacher) })])).Value
            : TeacherFactory.Candidates(spec, task.Spec, task.Corpus, seed, jobDirectory, endpoints);

    /// <summary>The endpoints this run's teachers may reach.</summary>
    public TeacherEndpoints Endpoints => endpoints;

    public void Dispose()
    {
        foreach (var candidate in _languageModels.Values.Where(lazy => lazy.IsValueCreated).SelectMany(lazy => lazy.Value))
        {
            ((candidate.Teacher as CachingTeacher)?.Inner as IDisposable)?.Dispose();
        }
    }

    private ITeacher Cached(ITeacher teacher) => teacher is ICacheableTeacher cacheable ? new CachingTeacher(cacheable, cache) : teacher;
}

using System.Collections.Concurrent;
using Distillery.Domain.Jobs;
using Distillery.Labeling.Cache;
using Distillery.Labeling.Teachers;

namespace Distillery.Cli.Local;

/// <summary>
/// The job's teachers in local mode. A language-model teacher is built once per spec and shared
/// by every task, so that its concurrency and rate limits hold for the whole job, and it sits
/// behind the label cache file; simulated and replayed teachers are built per task from that
/// task's data.
/// </summary>
internal sealed class LocalTeachers(ILabelCache cache, string jobDirectory) : IDisposable
{
    private readonly ConcurrentDictionary<ComponentSpec, Lazy<ITeacher>> _languageModels = new();

    public ITeacher For(ComponentSpec spec, PreparedTask task, ulong seed) =>
        TeacherFactory.IsLanguageModelKind(spec.Kind)
            ? _languageModels.GetOrAdd(spec, _ => new Lazy<ITeacher>(() => Cached(TeacherFactory.Create(spec, task.Spec, task.Corpus, seed, jobDirectory)))).Value
            : TeacherFactory.Create(spec, task.Spec, task.Corpus, seed, jobDirectory);

    public void Dispose()
    {
        foreach (var teacher in _languageModels.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value))
        {
            ((teacher as CachingTeacher)?.Inner as IDisposable)?.Dispose();
        }
    }

    private ITeacher Cached(ITeacher teacher) => teacher is ICacheableTeacher cacheable ? new CachingTeacher(cacheable, cache) : teacher;
}

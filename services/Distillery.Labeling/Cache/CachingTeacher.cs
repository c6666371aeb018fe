using System.Diagnostics;
using Distillery.Labeling.Teachers;

namespace Distillery.Labeling.Cache;

/// <summary>
/// Puts the label cache in front of a teacher: texts whose (model, prompt version, text) was
/// labelled before are answered from the cache at no cost and marked as cached; only the rest
/// reach the teacher. Abstentions are not cached, so a later run may still get a label.
/// <paramref name="onTeacherCall"/> is told how long each call to the teacher itself took.
/// </summary>
public sealed class CachingTeacher(ICacheableTeacher inner, ILabelCache cache, Action<TimeSpan>? onTeacherCall = null) : ITeacher
{
    public string Name => inner.Name;

    public string Kind => inner.Kind;

    public bool IsLanguageModel => inner.IsLanguageModel;

    public ITeacher Inner => inner;

    public async Task<TeacherBatchResult> LabelAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var version = inner.PromptVersion(request.Codebook);
        var keys = request.Texts.Select(text => LabelCacheKey.For(inner.CacheModel, version, text.Text)).ToList();
        var hits = await cache.GetAsync(keys, cancellationToken);
        var misses = request.Texts.Where((_, i) => !hits.ContainsKey(keys[i])).ToList();
        TeacherBatchResult? fresh = null;
        var freshById = new Dictionary<string, TeacherLabel>(StringComparer.Ordinal);
        if (misses.Count > 0)
        {
            var started = Stopwatch.GetTimestamp();
            fresh = await inner.LabelAsync(request with { Texts = misses }, cancellationToken);
            onTeacherCall?.Invoke(Stopwatch.GetElapsedTime(started));
            foreach (var label in fresh.Labels)
            {
                freshById[label.Id] = label;
            }

            var toStore = misses
                .Select(text => (Key: LabelCacheKey.For(inner.CacheModel, version, text.Text), Label: freshById[text.Id]))
                .Where(entry => entry.Label.Label is not null)
                .Select(entry => KeyValuePair.Create(entry.Key, new CachedLabel(entry.Label.Label!, entry.Label.Probabilities, entry.Label.RawAnswer, entry.Label.PromptTokens, entry.Label.CompletionTokens)))
                .ToList();
            await cache.PutAsync(toStore, cancellationToken);
        }

        var labels = request.Texts.Select((text, i) => hits.TryGetValue(keys[i], out var hit)
            ? new TeacherLabel(text.Id, hit.Label, hit.Probabilities, RawAnswer: hit.RawAnswer, Cached: true, CostUsd: 0m)
            : freshById[text.Id]).ToList();
        // The model as the teacher names it, not the cache key's: a batch answered wholly from the
        // cache (after an outage lost its stored labels, say) must report what a fresh batch does.
        var provenance = fresh?.Provenance ?? new TeacherProvenance(inner.Name, inner.Kind, inner.Model, version);
        return new TeacherBatchResult(labels, fresh?.CostUsd ?? (misses.Count == 0 ? 0m : null), provenance);
    }
}

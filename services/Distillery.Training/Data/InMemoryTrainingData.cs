using System.Collections.Concurrent;
using Distillery.Contracts.Training;
using Distillery.Domain.Metrics;

namespace Distillery.Training.Data;

/// <summary>Documents and labels held in memory: local mode (<c>distillery run</c>) and tests.</summary>
public sealed class InMemoryTrainingData : ITrainingDataSource
{
    private readonly ConcurrentDictionary<string, TaskData> _tasks = new(StringComparer.Ordinal);

    /// <summary>Registers a task's texts by document id, with its label set.</summary>
    public void AddTask(string taskId, LabelSet labels, IReadOnlyDictionary<string, string> texts) =>
        _tasks[taskId] = new TaskData(labels, texts, new ConcurrentDictionary<string, ConcurrentDictionary<string, (string, IReadOnlyList<double>?)>>(StringComparer.Ordinal));

    /// <summary>Records labels from one source (<c>human</c> or a teacher's name), optionally with probabilities.</summary>
    public void AddLabels(string taskId, string labelSource, IEnumerable<(string Id, string Label, IReadOnlyList<double>? Probabilities)> labels)
    {
        var source = Find(taskId).Labels.GetOrAdd(labelSource, _ => new(StringComparer.Ordinal));
        foreach (var (id, label, probabilities) in labels)
        {
            source[id] = (label, probabilities);
        }
    }

    public Task<TrainingExamples> GetAsync(
        string taskId, IReadOnlyList<string> itemIds, string labelSource, IReadOnlyDictionary<string, TrainingLabel>? carried, CancellationToken cancellationToken)
    {
        var task = Find(taskId);
        IReadOnlyDictionary<string, (string, IReadOnlyList<double>?)> source;
        if (carried is not null)
        {
            source = carried.ToDictionary(pair => pair.Key, pair => (pair.Value.Label, pair.Value.Probabilities), StringComparer.Ordinal);
        }
        else if (task.Labels.TryGetValue(labelSource, out var recorded))
        {
            source = recorded;
        }
        else
        {
            throw new KeyNotFoundException($"task '{taskId}' has no labels from '{labelSource}' (known: {string.Join(", ", task.Labels.Keys)})");
        }

        var texts = new List<string>(itemIds.Count);
        var labels = new List<string>(itemIds.Count);
        var probabilities = new List<IReadOnlyList<double>>(itemIds.Count);
        var allProbabilities = true;
        foreach (var id in itemIds)
        {
            if (!task.Texts.TryGetValue(id, out var text))
            {
                throw new KeyNotFoundException($"task '{taskId}' has no document '{id}'");
            }

            if (!source.TryGetValue(id, out var label))
            {
                throw new KeyNotFoundException($"task '{taskId}': document '{id}' has no label from '{labelSource}'");
            }

            texts.Add(text);
            labels.Add(label.Item1);
            if (label.Item2 is { } p)
            {
                probabilities.Add(p);
            }
            else
            {
                allProbabilities = false;
            }
        }

        return Task.FromResult(new TrainingExamples(task.LabelSet, texts, labels, allProbabilities && probabilities.Count > 0 ? probabilities : null));
    }

    private TaskData Find(string taskId) =>
        _tasks.TryGetValue(taskId, out var task) ? task : throw new KeyNotFoundException($"no task '{taskId}' is loaded");

    private sealed record TaskData(
        LabelSet LabelSet,
        IReadOnlyDictionary<string, string> Texts,
        ConcurrentDictionary<string, ConcurrentDictionary<string, (string, IReadOnlyList<double>?)>> Labels);
}

using Distillery.Domain.Data;
using Distillery.Domain.Metrics;
using Distillery.Domain.Splits;
using Distillery.Domain.Tasks;

namespace Distillery.Cli.Local;

/// <summary>A task with its corpus loaded and split, checked and ready to run.</summary>
internal sealed record PreparedTask(TaskSpec Spec, Corpus Corpus, TaskSplits Splits)
{
    public LabelSet Labels { get; } = new(Spec.Codebook.LabelNames);
}

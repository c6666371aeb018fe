using Distillery.Contracts.Labeling;
using Distillery.Domain.Data;
using Distillery.Domain.Splits;
using Distillery.Domain.Tasks;

namespace Distillery.Coordinator.Jobs;

/// <summary>
/// A task of a submitted job, checked and split: what the Coordinator stores and runs, with the
/// labels its replay teachers replay (teacher name to document id to label; empty without one).
/// </summary>
public sealed record SubmittedTask(
    string Name, string? Description, Codebook Codebook, Corpus Corpus, TaskSplits Splits,
    IReadOnlyDictionary<string, Dictionary<string, ReplayedLabel>> Replayed);

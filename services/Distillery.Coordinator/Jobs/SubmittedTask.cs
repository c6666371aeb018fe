using Distillery.Domain.Data;
using Distillery.Domain.Splits;
using Distillery.Domain.Tasks;

namespace Distillery.Coordinator.Jobs;

/// <summary>A task of a submitted job, checked and split: what the Coordinator stores and runs.</summary>
public sealed record SubmittedTask(string Name, string? Description, Codebook Codebook, Corpus Corpus, TaskSplits Splits);

namespace Distillery.Contracts.Labeling;

/// <summary>Event: a batch cannot be labelled (a bad teacher setting, documents missing from the corpus); retrying will not help.</summary>
public sealed record BatchLabelingFailed(string JobId, string TaskId, Guid BatchId, string Reason);

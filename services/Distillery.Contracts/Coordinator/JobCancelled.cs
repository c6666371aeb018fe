namespace Distillery.Contracts.Coordinator;

/// <summary>
/// Event: a job was cancelled. The Coordinator already drops work not yet sent and ignores
/// replies to work in flight; services stop that work too (Labeling: before its next teacher
/// call), so a cancelled job costs no more teacher calls than those under way.
/// </summary>
public sealed record JobCancelled(string JobId);

namespace Distillery.Contracts.Training;

/// <summary>
/// Event: how far the training of <see cref="ModelId"/> has come, at most about once a second
/// while it runs: <see cref="Activity"/> (<c>embedding</c>, <c>fine-tuning epoch 2/3</c>) with
/// <see cref="Done"/> of <see cref="Total"/> (texts embedded, optimiser steps taken).
/// Best-effort and informational: it may come late, twice or out of order (a receiver orders by
/// <see cref="ReportedAt"/> and ignores it once the model is trained), and none may come at all
/// for a student that trains in a moment.
/// </summary>
public sealed record StudentTrainingProgressed(
    Guid ModelId,
    string JobId,
    string TaskId,
    string Arm,
    string StudentName,
    string Activity,
    long Done,
    long Total,
    DateTimeOffset ReportedAt);

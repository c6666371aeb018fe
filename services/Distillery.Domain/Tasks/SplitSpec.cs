namespace Distillery.Domain.Tasks;

/// <summary>
/// The three disjoint splits of a task: the teacher-validation split (human-labelled: the
/// teacher is checked against it before labelling at scale), the training pool (labelled by
/// the teacher; its human labels, if any, train the comparison student) and the held-out
/// human-labelled test split every arm is evaluated on.
/// </summary>
public sealed record SplitSpec(SplitSize Validation, SplitSize TrainingPool, SplitSize Test);

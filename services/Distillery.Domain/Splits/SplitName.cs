namespace Distillery.Domain.Splits;

public enum SplitName
{
    /// <summary>Human-labelled; the teacher is checked against it before labelling at scale.</summary>
    Validation,

    /// <summary>Labelled by the teacher; its human labels, where present, train the comparison student.</summary>
    TrainingPool,

    /// <summary>Human-labelled and held out; every arm is evaluated on it.</summary>
    Test,
}

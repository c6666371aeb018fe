namespace Distillery.Cli.Local;

/// <summary>What a running task reports to the progress display: its stage, and how far through it.</summary>
internal interface ITaskProgress
{
    void Stage(string stage);

    /// <summary>Items done within the current stage (texts labelled, say).</summary>
    void Count(int done, int total);

    void Advance(double steps = 1);

    /// <summary>What the student in training is doing within the stage (<c>embedding</c>, 420 of 1 800 texts); the next <see cref="Stage"/> clears it.</summary>
    void Activity(string activity, long done, long total);
}

using Spectre.Console;

namespace Distillery.Cli.Local;

/// <summary>A task's line in the live progress display: name, stage and counts, and a bar over its steps.</summary>
internal sealed class SpectreTaskProgress(ProgressTask bar, string name) : ITaskProgress
{
    private string _stage = "waiting";

    public void Stage(string stage)
    {
        _stage = stage;
        bar.Description = Markup.Escape($"{name,-22} {stage}");
    }

    public void Count(int done, int total) => bar.Description = Markup.Escape($"{name,-22} {_stage} {done:N0}/{total:N0}");

    public void Advance(double steps = 1) => bar.Increment(steps);

    public void Activity(string activity, long done, long total) =>
        bar.Description = Markup.Escape(total > 0 ? $"{name,-22} {_stage}: {activity} {done:N0}/{total:N0}" : $"{name,-22} {_stage}: {activity}");
}

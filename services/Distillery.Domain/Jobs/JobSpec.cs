using Distillery.Domain.Tasks;

namespace Distillery.Domain.Jobs;

/// <summary>A job: many tasks run with one teacher (and optionally a second), some students and arms, into one output folder.</summary>
public sealed record JobSpec(
    string Name,
    IReadOnlyList<TaskSpec> Tasks,
    ComponentSpec Teacher,
    ComponentSpec? SecondTeacher,
    IReadOnlyList<ComponentSpec> Students,
    IReadOnlyList<Arm> Arms,
    string Output,
    ulong Seed,
    string SourcePath)
{
    public GateSpec Gate { get; init; } = new();

    public BootstrapSpec Bootstrap { get; init; } = new();

    public AblationSpec? Ablation { get; init; }
}

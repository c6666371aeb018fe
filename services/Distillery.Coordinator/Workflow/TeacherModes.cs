using Distillery.Contracts.Labeling;
using Distillery.Domain.Jobs;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// The job's teacher as the Labeling service is sent it. A local teacher with <c>mode: auto</c>
/// is sent once per labelling mode for the validation split, each under its own teacher name
/// (so the modes' labels are stored side by side), and in the mode the gate chose for the pool.
/// </summary>
internal static class TeacherModes
{
    private const string ModeSetting = "mode";
    private const string ModelSetting = "model";

    /// <summary>Whether the gate compares the teacher's labelling modes.</summary>
    public static bool Compared(V1.Component teacher) =>
        teacher.Kind == "local" && teacher.Settings.TryGetValue(ModeSetting, out var mode) && mode == LocalLabelingModes.Auto;

    /// <summary>Each mode the gate compares and the name its labels are stored under.</summary>
    public static IReadOnlyList<(string Mode, string Teacher)> Candidates(V1.Component teacher) =>
        [.. LocalLabelingModes.Compared.Select(mode => (mode, LocalLabelingModes.TeacherName(
            teacher.Name.Length > 0 && teacher.Name != teacher.Kind ? teacher.Name : null, teacher.Settings.GetValueOrDefault(ModelSetting, ""), mode, comparing: true)))];

    /// <summary>The teacher as a batch carries it; with a <paramref name="mode"/>, in that mode and under that mode's name.</summary>
    public static TeacherSpecification Specification(V1.Component teacher, string? mode)
    {
        var settings = teacher.Settings.ToDictionary(setting => setting.Key, setting => setting.Value, StringComparer.Ordinal);
        var name = teacher.Name.Length > 0 ? teacher.Name : teacher.Kind;
        if (mode is not null)
        {
            settings[ModeSetting] = mode;
            name = Candidates(teacher).Single(candidate => candidate.Mode == mode).Teacher;
        }

        return new TeacherSpecification(teacher.Kind, name, settings);
    }
}

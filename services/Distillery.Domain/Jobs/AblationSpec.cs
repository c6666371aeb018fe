using System.Globalization;

namespace Distillery.Domain.Jobs;

/// <summary>
/// The paper's noisy-label ablation: on each named task, a simulated teacher flips labels at
/// each noise rate (both classes alike) and the named student is trained on its labels.
/// </summary>
public sealed record AblationSpec(IReadOnlyList<string> Tasks, IReadOnlyList<double> NoiseRates, string Student)
{
    /// <summary>
    /// What the student of the point at <paramref name="rate"/> trains as: its seed and model id
    /// derive from it, in local and distributed mode alike.
    /// </summary>
    public static string Arm(double rate) => $"ablation-{rate.ToString("0.###", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The simulated teacher's name at <paramref name="rate"/>; labels are stored under it, so it
    /// must differ from any teacher a job names (a job's own simulated teacher at the same rate
    /// flips other labels, with another seed).
    /// </summary>
    public static string TeacherName(double rate) =>
        $"noise ablation teacher (human labels flipped at {rate.ToString("0.###", CultureInfo.InvariantCulture)})";
}

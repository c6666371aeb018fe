using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Distillery.Domain.Jobs;

/// <summary>
/// The seeds a job's random choices are drawn with, each derived from the job's seed and what it
/// is for, in one place: a job run locally and the same job submitted to the cluster must get
/// the same teacher noise, the same students and the same intervals, so the same report.
/// </summary>
public static class JobSeeds
{
    public static ulong Teacher(ulong job) => Of(job, "teacher");

    public static ulong SecondTeacher(ulong job) => Of(job, "second-teacher");

    /// <summary>A student's training (its initialisation, batch order, held-out slice); <paramref name="arm"/> is the label source's arm, e.g. <c>teacher-student</c>.</summary>
    public static ulong Student(ulong job, string task, string arm, string student) => Of(job, task, arm, student);

    /// <summary>The resamples of a task's intervals and comparisons.</summary>
    public static ulong Bootstrap(ulong job) => Of(job, "bootstrap");

    /// <summary>The resamples of the job summary's intervals over tasks.</summary>
    public static ulong Summary(ulong job) => Of(job, "summary");

    /// <summary>The simulated teacher of the noise ablation at <paramref name="rate"/>.</summary>
    public static ulong Ablation(ulong job, double rate) => Of(job, "ablation", rate.ToString(CultureInfo.InvariantCulture));

    private static ulong Of(ulong job, params string[] parts) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('/', [job.ToString(CultureInfo.InvariantCulture), .. parts]))), 0);
}

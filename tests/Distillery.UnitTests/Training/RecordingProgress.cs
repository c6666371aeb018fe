using System.Collections.Concurrent;
using Distillery.Training.Students;

namespace Distillery.UnitTests.Training;

/// <summary>Keeps every progress report, in order, as it comes (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class RecordingProgress : IProgress<StudentProgress>
{
    private readonly ConcurrentQueue<StudentProgress> _reports = new();

    public IReadOnlyList<StudentProgress> Reports => [.. _reports];

    public void Report(StudentProgress value) => _reports.Enqueue(value);
}

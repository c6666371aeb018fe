using Distillery.Training.Service;
using Distillery.Training.Students;
using Distillery.Training.Students.EmbeddingLogReg;
using Distillery.Training.Students.EmbeddingMlp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Distillery.UnitTests.Training;

/// <summary>Students say how far their embedding has come; the trainer passes it on throttled.</summary>
public sealed class StudentProgressTests
{
    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task An_embedding_fit_reports_embedding_progress_that_rises_to_the_total(string kind)
    {
        var data = SyntheticTopics.Hard(200, 1);
        var progress = new RecordingProgress();

        var fitted = await EmbeddingStudentTests.Student(kind).FitAsync(data, 7, progress);

        var reports = progress.Reports;
        Assert.All(reports, report => Assert.Equal(new StudentProgress(StudentProgress.Embedding, report.Done, data.Count), report));
        Assert.Equal([0, 64, 128, 192, 200], reports.Select(report => report.Done));
        // Embedding in chunks gives the same vectors, so the same model, as embedding at once.
        var unreported = await EmbeddingStudentTests.Student(kind).FitAsync(data, 7);
        var texts = SyntheticTopics.Make(50, 5).Texts;
        Assert.Equal(await unreported.Model.PredictProbabilitiesAsync(texts), await fitted.Model.PredictProbabilitiesAsync(texts));
    }

    [Fact]
    public async Task A_small_fit_reports_its_start_and_its_end()
    {
        var progress = new RecordingProgress();

        await EmbeddingStudentTests.Student(EmbeddingLogRegStudent.KindName).FitAsync(SyntheticTopics.Hard(40, 1), 7, progress);

        Assert.Equal([new StudentProgress(StudentProgress.Embedding, 0, 40), new StudentProgress(StudentProgress.Embedding, 40, 40)], progress.Reports);
    }

    [Fact]
    public async Task Throttled_progress_sends_the_first_report_at_once_then_the_latest_at_most_once_per_interval()
    {
        var sent = new List<StudentProgress>();
        int Sent()
        {
            lock (sent)
            {
                return sent.Count;
            }
        }

        var interval = TimeSpan.FromSeconds(1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (var progress = new ThrottledProgress((report, _) => { lock (sent) { sent.Add(report); } return Task.CompletedTask; }, interval, NullLogger.Instance))
        {
            progress.Report(new StudentProgress(StudentProgress.Embedding, 1, 10_000));
            while (Sent() == 0 && clock.Elapsed < interval * 0.8)
            {
                await Task.Delay(10);
            }

            Assert.Equal(1, Sent());
            for (var done = 2; done <= 10_000; done++)
            {
                progress.Report(new StudentProgress(StudentProgress.Embedding, done, 10_000));
            }

            // Long enough for the next tick: the last report goes out once, and nothing after it.
            await Task.Delay(interval * 2.5);
        }

        var elapsed = clock.Elapsed;
        lock (sent)
        {
            Assert.InRange(sent.Count, 2, 1 + (int)(elapsed / interval));
            Assert.Equal(1, sent[0].Done);
            Assert.Equal(10_000, sent[^1].Done);
            Assert.Single(sent, report => report.Done == 10_000);
            Assert.Equal(sent.OrderBy(report => report.Done), sent);
        }
    }
}

using System.Diagnostics;
using Npgsql;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>What the distributed tests read from PostgreSQL while a job runs.</summary>
internal static class JobDatabase
{
    /// <summary>Labels stored for any task of the job.</summary>
    public static Task<long> LabelsAsync(NpgsqlDataSource database, string jobId) =>
        ScalarAsync(database, "SELECT count(*) FROM labeling_labels WHERE task_id LIKE $1", Guid.Parse(jobId).ToString("N") + "-%");

    /// <summary>Labels of the job's own teacher: not the second teacher's (<see cref="DistributedJobs.SecondTeacherAndAblation"/>) nor the noise ablation's.</summary>
    public static Task<long> FirstTeacherLabelsAsync(NpgsqlDataSource database, string jobId) =>
        ScalarAsync(database, $"SELECT count(*) FROM labeling_labels WHERE task_id LIKE $1 AND teacher <> '{DistributedJobs.SecondTeacherName}' AND teacher NOT LIKE 'noise ablation %'",
            Guid.Parse(jobId).ToString("N") + "-%");

    public static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql, object parameter)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms; a timeout names <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"{what}: not within {within.TotalSeconds:0} s");
            }

            await Task.Delay(50);
        }
    }
}

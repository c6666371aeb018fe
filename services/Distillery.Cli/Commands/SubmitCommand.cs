using System.CommandLine;
using Distillery.Cli.Local;
using Distillery.Cli.Remote;
using Distillery.Domain.Data;
using Distillery.Domain.Specs;
using Distillery.Domain.Splits;
using Distillery.Labeling.Teachers;
using Distillery.Training.Students;

namespace Distillery.Cli.Commands;

/// <summary>
/// <c>distillery submit job.yaml</c>: checks the job here (spec, data, splits: errors with file,
/// line and column), uploads its documents to the Coordinator by a client stream (progress on
/// stderr), submits the job naming the upload, prints the job id.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var job = new Argument<FileInfo>("job") { Description = "The job spec (YAML; see docs/job-spec.md)" };
        var watch = new Option<bool>("--watch") { Description = "Follow the job until it ends" };
        var command = new Command("submit", "Submit a job to the Coordinator and print its id") { job, watch };
        remote.AddTo(command);
        command.SetAction((parse, cancellationToken) => RpcErrors.RunAsync(async () =>
        {
            Domain.Jobs.JobSpec spec;
            IReadOnlyList<PreparedTask> tasks;
            try
            {
                (spec, tasks) = JobPreparation.Prepare(parse.GetValue(job)!.FullName, Labeling.Endpoints.TeacherEndpoints.ClientSide);
            }
            catch (Exception e) when (e is SpecException or DataException or SplitException or StudentTrainingException or TeacherException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                await Console.Error.WriteLineAsync("Nothing was submitted.");
                return RpcErrors.BadRequest;
            }

            using var client = remote.Client(parse);
            var json = parse.GetValue(remote.Json);
            var uploadId = await DocumentUpload.UploadAsync(client, tasks, ReplayedUpload.For(spec, tasks), showProgress: !json && !Console.IsErrorRedirected, cancellationToken);
            var response = await client.SubmitAsync(JobSubmission.Request(spec, tasks, uploadId), cancellationToken);
            if (json)
            {
                Console.Out.WriteLine($"{{\"jobId\": \"{response.JobId}\"}}");
            }
            else
            {
                Console.Out.WriteLine(response.JobId);
            }

            return parse.GetValue(watch) ? await JobWatcher.WatchAsync(client, response.JobId, json, cancellationToken) : 0;
        }));
        return command;
    }
}

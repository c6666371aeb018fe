using Distillery.Cli.Local;
using Distillery.Contracts.Grpc;
using Distillery.Domain.Jobs;
using Distillery.Domain.Tasks;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Remote;

/// <summary>
/// A job checked and loaded here (<see cref="JobPreparation"/>) as the Jobs API's request: the
/// spec without documents, which travel beforehand in chunks (<see cref="Chunks"/>) by the
/// client-streaming UploadDocuments, named in the request by their upload id. So no job is too
/// large for one message, and the Coordinator need not accept huge ones.
/// </summary>
internal static class JobSubmission
{
    /// <summary>Serialized size a chunk stays under (the last document added may pass it): far below gRPC's customary 4 MiB limit.</summary>
    public const int ChunkBytes = 1024 * 1024;

    public static V1.SubmitJobRequest Request(JobSpec job, IReadOnlyList<PreparedTask> tasks, string uploadId)
    {
        var spec = new V1.JobSpec
        {
            Name = job.Name,
            Seed = job.Seed,
            Teacher = Component(job.Teacher),
            Gate = new V1.GateSpec { Metric = job.Gate.Metric, Threshold = job.Gate.Threshold },
            BootstrapResamples = job.Bootstrap.Resamples,
            ConfidenceLevel = job.Bootstrap.Confidence,
        };
        if (job.SecondTeacher is { } second)
        {
            spec.SecondTeacher = Component(second);
        }

        if (job.Ablation is { } ablation)
        {
            spec.Ablation = new V1.AblationSpec { Student = ablation.Student };
            spec.Ablation.Tasks.AddRange(ablation.Tasks);
            spec.Ablation.NoiseRates.AddRange(ablation.NoiseRates);
        }

        spec.Students.AddRange(job.Students.Select(Component));
        spec.Arms.AddRange(job.Arms.Select(arm => arm.Name()));
        foreach (var task in tasks)
        {
            var message = new V1.TaskSpec
            {
                Name = task.Spec.Name,
                Description = task.Spec.Description ?? "",
                Codebook = task.Spec.Codebook.ToMessage(),
                Splits = new V1.SplitSpec { Validation = Size(task.Spec.Splits.Validation), TrainingPool = Size(task.Spec.Splits.TrainingPool), Test = Size(task.Spec.Splits.Test) },
                Seed = task.Spec.Seed,
            };
            spec.Tasks.Add(message);
        }

        return new V1.SubmitJobRequest { Spec = spec, UploadId = uploadId };
    }

    /// <summary>Every task's documents, with their replayed labels, in chunks of about <paramref name="chunkBytes"/>, made as they are sent.</summary>
    public static IEnumerable<V1.DocumentChunk> Chunks(string uploadId, IReadOnlyList<PreparedTask> tasks, ReplayedUpload replayed, int chunkBytes = ChunkBytes)
    {
        foreach (var task in tasks)
        {
            var chunk = new V1.DocumentChunk { UploadId = uploadId, Task = task.Spec.Name };
            var size = 0;
            foreach (var document in task.Corpus.Documents)
            {
                var message = new V1.Document { Id = document.Id, Text = document.Text, HumanLabel = document.Label ?? "", Group = document.Group };
                replayed.AddTo(task.Spec.Name, message);
                var added = message.CalculateSize() + 5; // The field's tag and length.
                if (chunk.Documents.Count > 0 && size + added > chunkBytes)
                {
                    yield return chunk;
                    chunk = new V1.DocumentChunk { UploadId = uploadId, Task = task.Spec.Name };
                    size = 0;
                }

                chunk.Documents.Add(message);
                size += added;
            }

            if (chunk.Documents.Count > 0)
            {
                yield return chunk;
            }
        }
    }

    private static V1.Component Component(ComponentSpec component)
    {
        var message = new V1.Component { Kind = component.Kind, Name = component.Name };
        foreach (var (key, value) in component.Settings.Flatten().Where(setting => setting.Key is not ("kind" or "name")))
        {
            message.Settings[key] = value;
        }

        return message;
    }

    private static V1.SplitSize Size(SplitSize size) =>
        size.Count is { } count ? new V1.SplitSize { Count = count } : new V1.SplitSize { Fraction = size.Fraction!.Value };
}

using Distillery.Cli.Local;
using Distillery.Domain.Jobs;
using Distillery.Domain.Tasks;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Remote;

/// <summary>A job checked and loaded here (<see cref="JobPreparation"/>) as the Jobs API's request, documents included.</summary>
internal static class JobSubmission
{
    public static V1.SubmitJobRequest Request(JobSpec job, IReadOnlyList<PreparedTask> tasks)
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

        spec.Students.AddRange(job.Students.Select(Component));
        spec.Arms.AddRange(job.Arms.Select(arm => arm.Name()));
        foreach (var task in tasks)
        {
            var message = new V1.TaskSpec
            {
                Name = task.Spec.Name,
                Description = task.Spec.Description ?? "",
                Codebook = Codebook(task.Spec.Codebook),
                Splits = new V1.SplitSpec { Validation = Size(task.Spec.Splits.Validation), TrainingPool = Size(task.Spec.Splits.TrainingPool), Test = Size(task.Spec.Splits.Test) },
                Seed = task.Spec.Seed,
            };
            message.Documents.AddRange(task.Corpus.Documents.Select(document => new V1.Document
            {
                Id = document.Id,
                Text = document.Text,
                HumanLabel = document.Label ?? "",
                Group = document.Group,
            }));
            spec.Tasks.Add(message);
        }

        return new V1.SubmitJobRequest { Spec = spec };
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

    private static V1.Codebook Codebook(Codebook codebook)
    {
        var message = new V1.Codebook { Instructions = codebook.Instructions, PositiveLabel = codebook.PositiveLabel ?? "" };
        message.Labels.AddRange(codebook.Labels.Select(label => new V1.LabelDefinition { Name = label.Name, Definition = label.Definition }));
        message.Examples.AddRange(codebook.Examples.Select(example => new V1.FewShotExample { Text = example.Text, Label = example.Label }));
        return message;
    }

    private static V1.SplitSize Size(SplitSize size) =>
        size.Count is { } count ? new V1.SplitSize { Count = count } : new V1.SplitSize { Fraction = size.Fraction!.Value };
}

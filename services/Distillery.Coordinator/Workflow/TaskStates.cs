using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Coordinator.Workflow;

/// <summary>
/// A task's states as stored (text), and their API form. Work stages name what a state waits
/// for: label batches of the validation split, of the pool and test split, students, the evaluation.
/// </summary>
public static class TaskStates
{
    public const string Created = "Created";
    public const string ValidatingTeacher = "ValidatingTeacher";
    public const string GateFailed = "GateFailed";
    public const string LabelingPool = "LabelingPool";
    public const string TrainingStudents = "TrainingStudents";
    public const string Evaluating = "Evaluating";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";

    public static readonly string[] Active = [ValidatingTeacher, LabelingPool, TrainingStudents, Evaluating];

    public static readonly string[] Terminal = [GateFailed, Completed, Failed, Cancelled];

    public static V1.TaskState ToApi(string state) => state switch
    {
        Created => V1.TaskState.TaskCreated,
        ValidatingTeacher => V1.TaskState.ValidatingTeacher,
        GateFailed => V1.TaskState.GateFailed,
        LabelingPool => V1.TaskState.LabelingPool,
        TrainingStudents => V1.TaskState.TrainingStudents,
        Evaluating => V1.TaskState.Evaluating,
        Completed => V1.TaskState.TaskCompleted,
        Failed => V1.TaskState.TaskFailed,
        Cancelled => V1.TaskState.TaskCancelled,
        _ => V1.TaskState.Unspecified,
    };
}

/// <summary>A job's states as stored (text), and their API form.</summary>
public static class JobStates
{
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";

    public static V1.JobState ToApi(string state) => state switch
    {
        Running => V1.JobState.Running,
        Completed => V1.JobState.Completed,
        Failed => V1.JobState.Failed,
        Cancelled => V1.JobState.Cancelled,
        _ => V1.JobState.Unspecified,
    };
}

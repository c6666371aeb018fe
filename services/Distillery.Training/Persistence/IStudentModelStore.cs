namespace Distillery.Training.Persistence;

/// <summary>Trained students by model id: PostgreSQL <c>bytea</c> in distributed mode, a folder in local mode.</summary>
public interface IStudentModelStore
{
    Task<StoredStudent?> FindAsync(Guid modelId, CancellationToken cancellationToken);

    /// <summary>Stores the student unless one with its id exists; returns false (and keeps the first) if it does.</summary>
    Task<bool> TryAddAsync(StoredStudent student, CancellationToken cancellationToken);
}

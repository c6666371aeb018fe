using Npgsql;

namespace Distillery.Training.Persistence;

/// <summary>Students in PostgreSQL (distributed mode); insert-if-absent makes a redelivered command harmless.</summary>
public sealed class PostgresStudentModelStore(NpgsqlDataSource dataSource) : IStudentModelStore
{
    public async Task<StoredStudent?> FindAsync(Guid modelId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT job_id, task_id, arm, student_name, kind, training_items, training_seconds, cv_score, model FROM training_student_models WHERE model_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = modelId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredStudent(
            modelId,
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetInt32(5),
            reader.GetDouble(6),
            reader.IsDBNull(7) ? null : reader.GetDouble(7),
            (byte[])reader[8]);
    }

    public async Task<bool> TryAddAsync(StoredStudent student, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO training_student_models (model_id, job_id, task_id, arm, student_name, kind, training_items, training_seconds, cv_score, model) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (model_id) DO NOTHING");
        foreach (var value in new object?[]
        {
            student.ModelId, student.JobId, student.TaskId, student.Arm, student.StudentName, student.Kind,
            student.TrainingItems, student.TrainingSeconds, student.CrossValidatedScore, student.ModelBytes,
        })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}

using System.Collections.Concurrent;

namespace Distillery.IntegrationTests.Messaging;

/// <summary>Counts each message's delivery attempts and signals the first successful one.</summary>
public sealed class AttemptLog
{
    private readonly ConcurrentDictionary<Guid, int> _attempts = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<Success>> _successes = new();

    public sealed record Success(int Attempt, int Redeliveries);

    public int Attempt(Guid id) => _attempts.AddOrUpdate(id, 1, (_, count) => count + 1);

    public int Attempts(Guid id) => _attempts.GetValueOrDefault(id);

    public void Succeeded(Guid id, int attempt, int redeliveries) => Completion(id).TrySetResult(new Success(attempt, redeliveries));

    public Task<Success> SuccessOf(Guid id) => Completion(id).Task;

    private TaskCompletionSource<Success> Completion(Guid id) =>
        _successes.GetOrAdd(id, _ => new TaskCompletionSource<Success>(TaskCreationOptions.RunContinuationsAsynchronously));
}

using Distillery.Training.Students;

namespace Distillery.Training.Service;

/// <summary>
/// The stored students a process keeps loaded for prediction, at most <paramref name="capacity"/>
/// of them: the least recently used is dropped first, and a dropped model that holds native memory
/// (a fine-tuned network, hundreds of MB) is disposed. Unbounded, a Training replica serving many
/// models grew without limit. A load that failed is tried again on the next request (the model may
/// have been stored since).
/// </summary>
internal sealed class LoadedStudents(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<Entry>> _entries = [];

    // Most recently used first.
    private readonly LinkedList<Entry> _order = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public Task<IStudentModel> GetOrLoad(Guid id, Func<Task<IStudentModel>> load)
    {
        var dropped = new List<Entry>();
        Entry entry;
        lock (_lock)
        {
            if (_entries.TryGetValue(id, out var node) && !node.Value.Failed)
            {
                _order.Remove(node);
                _order.AddFirst(node);
                entry = node.Value;
            }
            else
            {
                if (node is not null)
                {
                    _order.Remove(node);
                }

                entry = new Entry(id, new Lazy<Task<IStudentModel>>(load));
                _entries[id] = _order.AddFirst(entry);
                while (_entries.Count > capacity && _order.Last is { } last)
                {
                    _order.RemoveLast();
                    _entries.Remove(last.Value.Id);
                    dropped.Add(last.Value);
                }
            }
        }

        dropped.ForEach(Dispose);
        return entry.Model.Value;
    }

    /// <summary>Drops the model, disposing it (when loaded, or once its load ends).</summary>
    public void Remove(Guid id)
    {
        LinkedListNode<Entry>? node;
        lock (_lock)
        {
            if (!_entries.Remove(id, out node))
            {
                return;
            }

            _order.Remove(node);
        }

        Dispose(node.Value);
    }

    private static void Dispose(Entry entry)
    {
        if (entry.Model.IsValueCreated)
        {
            _ = entry.Model.Value.ContinueWith(
                loaded => (loaded.Result as IDisposable)?.Dispose(),
                CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private sealed record Entry(Guid Id, Lazy<Task<IStudentModel>> Model)
    {
        public bool Failed => Model.IsValueCreated && (Model.Value.IsFaulted || Model.Value.IsCanceled);
    }
}

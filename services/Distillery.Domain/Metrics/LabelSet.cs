namespace Distillery.Domain.Metrics;

/// <summary>
/// The ordered labels of a task. Metrics take it explicitly rather than collecting labels from
/// the data, so a class that never occurs in a sample still counts (in a macro average, say),
/// rows and columns keep one order across arms and runs, and a typo in a label is an error
/// instead of a new class.
/// </summary>
public sealed class LabelSet : IReadOnlyList<string>
{
    private readonly string[] _labels;
    private readonly Dictionary<string, int> _indexes;

    public LabelSet(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = [.. labels];
        if (_labels.Length == 0)
        {
            throw new ArgumentException("A label set needs at least one label.", nameof(labels));
        }

        _indexes = new Dictionary<string, int>(_labels.Length, StringComparer.Ordinal);
        for (var i = 0; i < _labels.Length; i++)
        {
            var label = _labels[i] ?? throw new ArgumentException($"Label {i} is null.", nameof(labels));
            if (!_indexes.TryAdd(label, i))
            {
                throw new ArgumentException($"Label '{label}' appears more than once in the label set.", nameof(labels));
            }
        }
    }

    public int Count => _labels.Length;

    public string this[int index] => _labels[index];

    public bool Contains(string label) => _indexes.ContainsKey(label);

    /// <summary>The position of <paramref name="label"/>; an error naming it when it is not in the set.</summary>
    public int IndexOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return _indexes.TryGetValue(label, out var index)
            ? index
            : throw new ArgumentException($"Label '{label}' is not in the label set {this}.", nameof(label));
    }

    /// <summary>
    /// The labels as their indexes, checked once so that resampled metrics can count integers.
    /// An unknown label is reported with the list it came from and its position.
    /// </summary>
    internal int[] Encode(IReadOnlyList<string> values, string listName)
    {
        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var value = values[i];
            if (value is null || !_indexes.TryGetValue(value, out codes[i]))
            {
                var shown = value is null ? "null" : $"'{value}'";
                throw new ArgumentException(
                    $"Label {shown} at position {i} of {listName} is not in the label set {this}.", listName);
            }
        }

        return codes;
    }

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_labels).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", _labels)}]";
}

using Distillery.Domain.Data;
using Distillery.Domain.Specs;

namespace Distillery.Labeling.Teachers;

/// <summary>Reads recorded labels (CSV or JSONL: an id column and a label column) keyed by document id.</summary>
public static class ReplayLabelsFile
{
    public static IReadOnlyDictionary<string, RecordedLabel> Load(string path, string idColumn, string labelColumn)
    {
        var labels = new Dictionary<string, RecordedLabel>(StringComparer.Ordinal);
        var errors = new List<DataError>();
        foreach (var record in DataRecords.Read(path, DataRecords.FormatOf(path), [idColumn, labelColumn]))
        {
            var id = record.Fields.GetValueOrDefault(idColumn)?.Value?.Trim();
            var label = record.Fields.GetValueOrDefault(labelColumn)?.Value?.Trim();
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(label))
            {
                errors.Add(new DataError(new SourceLocation(path, record.Line, 1), $"needs both '{idColumn}' and '{labelColumn}'"));
            }
            else if (!labels.TryAdd(id, new RecordedLabel(label, null)))
            {
                errors.Add(new DataError(new SourceLocation(path, record.Line, record.Fields[idColumn].Column), $"duplicate id '{id}'"));
            }
        }

        return errors.Count == 0 ? labels : throw new DataException(errors);
    }
}

using System.Text;
using Distillery.Domain.Specs;
using Distillery.Domain.Tasks;

namespace Distillery.Domain.Data;

/// <summary>
/// Loads a task's documents and checks every row against the spec and codebook: ids present
/// and unique, texts not empty, labels in the codebook. All problems found (up to a limit)
/// are reported together; on any problem nothing is returned, so no half-loaded corpus is used.
/// </summary>
public static class CorpusLoader
{
    private const int MaxErrors = 50;

    public static Corpus Load(DataSourceSpec source, Codebook codebook)
    {
        if (!File.Exists(source.Path))
        {
            var where = source.Location is { } location ? $"{location}: " : string.Empty;
            throw new DataException($"{where}data file '{source.Path}' does not exist");
        }

        using var text = DataRecords.OpenText(source.Path);
        try
        {
            return Load(source, codebook, text);
        }
        catch (DecoderFallbackException e)
        {
            throw new DataException($"{source.Path}: the file is not valid UTF-8 ({e.Message})", e);
        }
    }

    internal static Corpus Load(DataSourceSpec source, Codebook codebook, TextReader text)
    {
        var path = source.Path;
        var required = new[] { source.IdColumn, source.TextColumn, source.LabelColumn, source.GroupColumn, source.Filter?.Column }
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var records = DataRecords.Stream(text, path, source.Format, required);

        var documents = new List<Document>();
        var errors = new List<DataError>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (errors.Count >= MaxErrors)
            {
                break;
            }

            var problems = new List<DataError>();
            if (!Field(record, source.Filter?.Column, path, problems, out var filterField) ||
                (source.Filter is { } filter && !filter.Values.Contains(filterField?.Value ?? string.Empty, StringComparer.Ordinal)))
            {
                errors.AddRange(problems);
                continue;
            }

            Field(record, source.IdColumn, path, problems, out var idField);
            Field(record, source.TextColumn, path, problems, out var textField);
            // A JSONL line may leave out its label (unlabelled) or group (stands alone).
            var labelField = OptionalField(record, source.LabelColumn);
            var groupField = OptionalField(record, source.GroupColumn);
            var id = idField?.Value?.Trim();
            if (idField is not null && string.IsNullOrEmpty(id))
            {
                problems.Add(At(path, record, idField, $"empty id in '{source.IdColumn}'"));
            }
            else if (id is not null && !firstLineOfId.TryAdd(id, record.Line))
            {
                problems.Add(At(path, record, idField!, $"duplicate id '{id}' (first on line {firstLineOfId[id]})"));
            }

            if (textField is not null && string.IsNullOrWhiteSpace(textField.Value))
            {
                problems.Add(At(path, record, textField, $"empty text in '{source.TextColumn}'" + (id is null ? string.Empty : $" for id '{id}'")));
            }

            var label = string.IsNullOrWhiteSpace(labelField?.Value) ? null : labelField!.Value!.Trim();
            if (label is not null && !codebook.Contains(label))
            {
                problems.Add(At(path, record, labelField!, $"label '{label}' is not in the codebook (allowed: {codebook.Allowed})"));
            }

            if (problems.Count > 0)
            {
                errors.AddRange(problems);
                continue;
            }

            var group = string.IsNullOrWhiteSpace(groupField?.Value) ? id! : groupField!.Value!.Trim();
            documents.Add(new Document(id!, textField!.Value!, label, group));
        }

        if (errors.Count > 0)
        {
            throw new DataException(errors);
        }

        return documents.Count == 0
            ? throw new DataException($"{path}: no documents" + (source.Filter is null ? string.Empty : $" pass the filter on '{source.Filter.Column}'"))
            : new Corpus(path, documents);
    }

    /// <summary>Looks up a configured column; a JSONL line lacking it is a problem at that line.</summary>
    private static bool Field(SourceRecord record, string? column, string path, List<DataError> problems, out SourceField? field)
    {
        field = null;
        if (column is null)
        {
            return true;
        }

        if (record.Fields.TryGetValue(column, out field))
        {
            return true;
        }

        problems.Add(new DataError(new SourceLocation(path, record.Line, 1), $"missing field '{column}'"));
        return false;
    }

    private static SourceField? OptionalField(SourceRecord record, string? column) =>
        column is not null && record.Fields.TryGetValue(column, out var field) ? field : null;

    private static DataError At(string path, SourceRecord record, SourceField field, string problem) =>
        new(new SourceLocation(path, record.Line, field.Column), problem);
}

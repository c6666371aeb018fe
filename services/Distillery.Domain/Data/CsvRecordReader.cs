using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Distillery.Domain.Specs;

namespace Distillery.Domain.Data;

/// <summary>Reads CSV (RFC 4180, header row, UTF-8 with or without BOM) into located records.</summary>
internal static class CsvRecordReader
{
    public static IEnumerable<SourceRecord> Read(string path, TextReader text, IReadOnlyCollection<string> requiredColumns)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(text, configuration);
        string[] header;
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } found)
            {
                throw new DataException([new DataError(new SourceLocation(path, 1, 1), "the file is empty: expected a header row")]);
            }

            header = found;
        }
        catch (CsvHelperException e)
        {
            throw Malformed(path, e);
        }

        var missing = requiredColumns.Where(column => !header.Contains(column, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new DataException([.. missing.Select(column => new DataError(
                new SourceLocation(path, 1, 1),
                $"missing column '{column}' (the header has: {string.Join(", ", header)})"))]);
        }

        var previousEnd = csv.Parser.RawRow;
        while (true)
        {
            SourceRecord? record;
            try
            {
                if (!csv.Read())
                {
                    yield break;
                }

                // A quoted field may span lines: the record starts on the line after the previous one ended.
                var line = previousEnd + 1;
                previousEnd = csv.Parser.RawRow;
                record = ToRecord(path, csv, header, (int)line);
            }
            catch (CsvHelperException e)
            {
                // CsvHelper reports bad quoting when a field is read, not when the row is.
                throw Malformed(path, e);
            }

            if (record is not null)
            {
                yield return record;
            }
        }
    }

    /// <summary>The row as a located record; null for a blank line.</summary>
    private static SourceRecord? ToRecord(string path, CsvReader csv, string[] header, int line)
    {
        var count = csv.Parser.Count;
        if (count == 1 && string.IsNullOrWhiteSpace(csv.Parser[0]))
        {
            return null;
        }

        if (count != header.Length)
        {
            throw new DataException([new DataError(
                new SourceLocation(path, line, 1),
                $"malformed CSV: expected {header.Length} fields as in the header, found {count}")]);
        }

        var starts = FieldStarts(csv.Parser.RawRecord, csv.Configuration.Delimiter[0], count);
        var fields = new Dictionary<string, SourceField>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            fields[header[i]] = new SourceField(csv.Parser[i], starts[i]);
        }

        return new SourceRecord(line, fields);
    }

    /// <summary>1-based column of each field's first character in the raw record, honouring quotes.</summary>
    private static int[] FieldStarts(string raw, char delimiter, int count)
    {
        var starts = new int[count];
        starts[0] = 1;
        var field = 1;
        var quoted = false;
        var column = 1;
        foreach (var character in raw)
        {
            if (character == '\n')
            {
                column = 0;
            }
            else if (character == '"')
            {
                quoted = !quoted;
            }
            else if (character == delimiter && !quoted && field < count)
            {
                starts[field++] = column + 1;
            }

            column++;
        }

        return starts;
    }

    private static DataException Malformed(string path, CsvHelperException e)
    {
        var line = e.Context?.Parser?.RawRow is > 0 and var row ? (int)row : 1;
        var reason = e.Message.Split(Environment.NewLine)[0];
        return new DataException([new DataError(new SourceLocation(path, line, 1), $"malformed CSV: {reason}")]);
    }
}

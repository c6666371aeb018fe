using System.Text;
using Distillery.Domain.Data;
using Distillery.Domain.Specs;

namespace Distillery.Cli.Predict;

/// <summary>One text of the corpus to classify, with the id its prediction carries.</summary>
internal sealed record CorpusText(string Id, string Text);

/// <summary>
/// A corpus file (JSONL or CSV) read as batches of texts, one row at a time through the same
/// record readers as job corpora (<see cref="DataRecords.Stream"/>), so a corpus of any size
/// passes in flat memory. A malformed row ends the batches: the rows before it come out as the
/// last batch, and <see cref="Error"/> names the row (<c>file:line:column</c>), so whatever was
/// predicted before it can still be written.
/// </summary>
internal sealed class CorpusTexts : IDisposable
{
    private readonly FileStream _file;
    private readonly StreamReader _text;
    private readonly IEnumerator<SourceRecord> _records;
    private readonly string _path;
    private readonly string _idColumn;
    private readonly string _textColumn;
    private long _position;

    public CorpusTexts(string path, string idColumn, string textColumn)
    {
        _path = path;
        _idColumn = idColumn;
        _textColumn = textColumn;
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        _text = DataRecords.OpenText(_file);
        _records = DataRecords.Stream(_text, path, DataRecords.FormatOf(path), [idColumn, textColumn]).GetEnumerator();
    }

    /// <summary>The file's size in bytes.</summary>
    public long Length => _file.Length;

    /// <summary>How far the reading has come, in bytes (ahead of the rows handed out by at most the reader's buffer).</summary>
    public long Position => Volatile.Read(ref _position);

    /// <summary>The malformed row that ended the reading, if one did.</summary>
    public DataException? Error { get; private set; }

    /// <summary>Batches of at most <paramref name="maxTexts"/> texts and about <paramref name="maxBytes"/> bytes of UTF-8 (one text at least).</summary>
    public IEnumerable<IReadOnlyList<CorpusText>> Batches(int maxTexts, int maxBytes)
    {
        var batch = new List<CorpusText>(maxTexts);
        var bytes = 0;
        while (Error is null && Next() is { } text)
        {
            var size = Encoding.UTF8.GetByteCount(text.Text);
            if (batch.Count > 0 && (batch.Count >= maxTexts || bytes + size > maxBytes))
            {
                yield return batch;
                batch = new List<CorpusText>(maxTexts);
                bytes = 0;
            }

            batch.Add(text);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    public void Dispose()
    {
        _records.Dispose();
        _text.Dispose();
    }

    /// <summary>The next row's text; null at the end or at a malformed row (then <see cref="Error"/> says where).</summary>
    private CorpusText? Next()
    {
        try
        {
            if (!_records.MoveNext())
            {
                return null;
            }

            Volatile.Write(ref _position, _file.Position);
            var record = _records.Current;
            var id = Field(record, _idColumn);
            var text = Field(record, _textColumn);
            if (string.IsNullOrWhiteSpace(id.Value))
            {
                throw At(record, id.Column, $"empty id in '{_idColumn}'");
            }

            return string.IsNullOrWhiteSpace(text.Value)
                ? throw At(record, text.Column, $"empty text in '{_textColumn}' for id '{id.Value.Trim()}'")
                : new CorpusText(id.Value.Trim(), text.Value);
        }
        catch (DataException e)
        {
            Error = e;
            return null;
        }
        catch (DecoderFallbackException e)
        {
            Error = new DataException($"{_path}: the file is not valid UTF-8 ({e.Message})", e);
            return null;
        }
    }

    private SourceField Field(SourceRecord record, string column) =>
        record.Fields.TryGetValue(column, out var field)
            ? field
            : throw At(record, 1, $"missing field '{column}'");

    private DataException At(SourceRecord record, int column, string problem) =>
        new([new DataError(new SourceLocation(_path, record.Line, column), problem)]);
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace Distillery.Cli.Predict;

/// <summary>
/// Predictions as JSON Lines, one object per document:
/// <c>{"id": "...", "label": "...", "probabilities": {"label": p, ...}}</c>, written in corpus
/// order. Each batch is flushed to the file as it is written, so a run that stops (a malformed
/// row, a lost connection, Ctrl-C) leaves every prediction made before it.
/// </summary>
internal sealed class PredictionWriter : IAsyncDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    public PredictionWriter(Stream stream)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>Predictions written so far.</summary>
    public long Written { get; private set; }

    /// <summary>To a file (created or replaced), or to stdout when <paramref name="path"/> is null.</summary>
    public static PredictionWriter Open(string? path) =>
        new(path is null ? Console.OpenStandardOutput() : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16));

    public void Write(string id, string label, IReadOnlyList<string> labelNames, IReadOnlyList<double> probabilities)
    {
        _json.WriteStartObject();
        _json.WriteString("id"u8, id);
        _json.WriteString("label"u8, label);
        _json.WriteStartObject("probabilities"u8);
        for (var i = 0; i < labelNames.Count; i++)
        {
            _json.WriteNumber(labelNames[i], probabilities[i]);
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        _stream.Write(NewLine);
        _json.Reset();
        Written++;
    }

    /// <summary>Everything written so far, to the file.</summary>
    public async Task FlushAsync()
    {
        await _json.FlushAsync();
        await _stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        await _json.DisposeAsync();
        await _stream.DisposeAsync();
    }
}

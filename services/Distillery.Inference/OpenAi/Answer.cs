using System.Text;
using System.Text.Json.Nodes;
using Distillery.Inference.Generation;

namespace Distillery.Inference.OpenAi;

/// <summary>
/// One chat completion being read from its generation: bytes to text, stop strings applied, the
/// answer's text, logprobs and finish reason kept for the response, and each piece handed on as
/// it is ready (a stream sends it at once). At a stop string the generation is cancelled, which
/// frees its sequence in the engine.
/// </summary>
internal sealed class Answer(ChatCompletionRequest request, LiveGeneration generation, CancellationTokenSource call)
{
    private readonly StringBuilder _text = new();
    private int _completionTokens;

    /// <summary>Text ready to send, with the logprobs of the tokens it came with (when asked for).</summary>
    public sealed record Piece(string Text, JsonArray? LogProbabilities);

    public ChatCompletionRequest Request => request;

    public string Id { get; } = "chatcmpl-" + Guid.NewGuid().ToString("N");

    public long Created { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public string Text => _text.ToString();

    public string FinishReason { get; private set; } = "stop";

    public JsonArray LogProbabilities { get; } = [];

    public async Task RunAsync(Func<Piece, Task> onPiece, CancellationToken cancellationToken)
    {
        var bytes = new Utf8Pieces();
        var stops = new StopText(request.Stop);
        await foreach (var token in generation.ReadAllAsync(cancellationToken))
        {
            _completionTokens++;
            var text = stops.Add(bytes.Append(token.Bytes));
            _text.Append(text);
            JsonArray? logprobs = null;
            if (request.LogProbabilities)
            {
                LogProbabilities.Add(ChatCompletionJson.LogProbability(token));
                logprobs = [ChatCompletionJson.LogProbability(token)];
            }

            if (text.Length > 0 || logprobs is not null)
            {
                await onPiece(new Piece(text, logprobs));
            }

            if (stops.Stopped)
            {
                await call.CancelAsync();
                FinishReason = "stop";
                return;
            }
        }

        var summary = await generation.Summary;
        var rest = stops.Add(bytes.Flush()) + stops.Flush();
        if (rest.Length > 0)
        {
            _text.Append(rest);
            await onPiece(new Piece(rest, null));
        }

        FinishReason = summary.FinishReason == Generation.FinishReason.Length ? "length" : "stop";
    }

    public JsonObject Usage() => ChatCompletionJson.Usage(generation.PromptTokens, generation.CachedTokens, _completionTokens);
}

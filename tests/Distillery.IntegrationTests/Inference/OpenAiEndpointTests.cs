using System.ClientModel;
using System.Text;
using Distillery.IntegrationTests.Llama;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Distillery.IntegrationTests.Inference;

/// <summary>The OpenAI-compatible endpoint, called with OpenAI's own .NET SDK.</summary>
[Collection(SharedLlama.Name)]
public sealed class OpenAiEndpointTests(TinyModelFixture fixture)
{
    private static readonly ChatMessage[] Chat =
    [
        new SystemChatMessage("You label e-mails as spam or ham."),
        new UserChatMessage("WIN a FREE prize now"),
        new AssistantChatMessage("spam"),
        new UserChatMessage("Minutes of the meeting attached"),
    ];

    [Fact]
    public async Task The_official_sdk_gets_a_completion_with_logprobs_and_the_same_answer_streamed()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var client = Client(server);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };

        ChatCompletion completion = await client.CompleteChatAsync(Chat, options);
        var streamed = new StringBuilder();
        var streamedLogprobs = 0;
        ChatFinishReason? streamedFinish = null;
        ChatTokenUsage? streamedUsage = null;
        await foreach (var update in client.CompleteChatStreamingAsync(Chat, options))
        {
            streamed.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            streamedLogprobs += update.ContentTokenLogProbabilities.Count;
            streamedFinish ??= update.FinishReason;
            streamedUsage ??= update.Usage;
        }

        var text = completion.Content[0].Text;
        var tokens = completion.ContentTokenLogProbabilities;
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(completion.Usage.OutputTokenCount, tokens.Count);
        Assert.InRange(tokens.Count, 1, 8);
        Assert.Equal(completion.FinishReason == ChatFinishReason.Length ? 8 : tokens.Count, tokens.Count);
        // The random model strings bytes together that need not be valid UTF-8: the text is their decoding.
        Assert.Equal(text, Encoding.UTF8.GetString([.. tokens.SelectMany(token => token.Utf8Bytes!.Value.ToArray())]));
        Assert.All(tokens, token =>
        {
            Assert.InRange(token.LogProbability, float.MinValue, 0f);
            Assert.Equal(3, token.TopLogProbabilities.Count);
            // Greedy: the chosen token is the most likely one.
            Assert.Equal(token.TopLogProbabilities[0].LogProbability, token.LogProbability, 1e-4f);
            Assert.True(token.TopLogProbabilities[0].LogProbability >= token.TopLogProbabilities[1].LogProbability);
        });
        Assert.True(completion.Usage.InputTokenCount > 20);
        Assert.Equal(text, streamed.ToString());
        Assert.Equal(tokens.Count, streamedLogprobs);
        Assert.Equal(completion.FinishReason, streamedFinish);
        Assert.NotNull(streamedUsage);
        Assert.Equal(completion.Usage.InputTokenCount, streamedUsage.InputTokenCount);
        // The second call found the chat's earlier turns in the prefix cache.
        Assert.True(streamedUsage.InputTokenDetails.CachedTokenCount > 0);
    }

    [Fact]
    public async Task The_sdk_lists_the_models_and_gets_not_found_for_an_unknown_one()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var models = new OpenAIModelClient(new ApiKeyCredential("unused"), Options(server));

        OpenAIModelCollection listed = await models.GetModelsAsync();
        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => Client(server, "no-such-model").CompleteChatAsync(Chat));

        Assert.Equal([InferenceServer.Model], listed.Select(model => model.Id));
        Assert.Equal(404, unknown.Status);
        Assert.Contains("no-such-model", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_string_ends_the_answer_before_it()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var client = Client(server);
        ChatCompletion free = await client.CompleteChatAsync(Chat, new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 });
        var text = free.Content[0].Text;
        var stop = text.Substring(2, 2);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 };
        options.StopSequences.Add(stop);

        ChatCompletion stopped = await client.CompleteChatAsync(Chat, options);

        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], stopped.Content.Count == 0 ? string.Empty : stopped.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
        // The generation was cancelled at the stop string: its slot is free at the next step.
        Assert.True(await SlotsFree(server), "the slot was not freed");
    }

    private static async Task<bool> SlotsFree(InferenceServer server)
    {
        for (var wait = 0; wait < 200 && server.Engine.BusySlots > 0; wait++)
        {
            await Task.Delay(10);
        }

        return server.Engine.BusySlots == 0;
    }

    private static ChatClient Client(InferenceServer server, string model = InferenceServer.Model) =>
        new(model, new ApiKeyCredential("unused"), Options(server));

    private static OpenAIClientOptions Options(InferenceServer server) => new() { Endpoint = new Uri(server.HttpAddress, "/v1") };
}

using System.Text;
using Distillery.Contracts.Grpc;
using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc;
using Distillery.Inference.Classification;
using Distillery.Inference.Embeddings;
using Distillery.Inference.Generation;
using Distillery.Inference.Models;
using Grpc.Core;

namespace Distillery.Inference.Grpc;

/// <summary>
/// <c>distillery.v1.Inference</c>: Classify (SCORE or GENERATE), Generate (a token stream),
/// Embed and ListModels over the configured models. Errors map to gRPC codes in
/// <see cref="InferenceErrors"/>; a bad argument's message names its field.
/// </summary>
public sealed class InferenceGrpcService(ModelRegistry models) : Contracts.Grpc.V1.Inference.InferenceBase
{
    /// <summary>Generate's max_tokens when the request leaves it 0.</summary>
    public const int DefaultMaxTokens = 256;

    public override Task<ClassifyResponse> Classify(ClassifyRequest request, ServerCallContext context) => InferenceErrors.Map(async () =>
    {
        var engine = models.Get(request.Model);
        if (request.Codebook is null)
        {
            throw new ArgumentException("codebook: required");
        }

        var result = await TextClassifier.ClassifyAsync(
            engine,
            new ClassificationRequest(
                request.Codebook.ToCodebook(),
                [.. request.Texts.Select(text => new ClassifiedText(text.Id, text.Text))],
                request.Mode == ClassifyMode.Generate ? ClassificationMode.Generate : ClassificationMode.Score,
                request.Calibrate),
            context.CancellationToken);
        var response = new ClassifyResponse
        {
            PromptTokens = result.PromptTokens,
            CompletionTokens = result.CompletionTokens,
            CachedTokens = result.CachedTokens,
            EvaluatedTokens = result.EvaluatedTokens,
            PromptVersion = result.PromptVersion,
        };
        response.Labels.AddRange(result.Labels.Select(ToMessage));
        return response;
    });

    public override Task Generate(GenerateRequest request, IServerStreamWriter<GenerateChunk> responseStream, ServerCallContext context) => InferenceErrors.Map(async () =>
    {
        var engine = models.Get(request.Model);
        var settings = new GenerationSettings(
            request.MaxTokens == 0 ? DefaultMaxTokens : request.MaxTokens,
            (float)request.Temperature,
            // The request has no seed: a fixed one makes a sampled answer reproducible.
            Seed: 0,
            Grammar: string.IsNullOrWhiteSpace(request.Grammar) ? null : request.Grammar);
        var generation = TextGenerator.Start(engine, request.Prompt, settings, context.CancellationToken);
        var text = new Utf8Pieces();
        await foreach (var token in generation.ReadAllAsync(context.CancellationToken))
        {
            if (text.Append(token.Bytes) is { Length: > 0 } piece)
            {
                await responseStream.WriteAsync(new GenerateChunk { Text = piece }, context.CancellationToken);
            }
        }

        var summary = await generation.Summary;
        await responseStream.WriteAsync(
            new GenerateChunk
            {
                Text = text.Flush(),
                Done = true,
                PromptTokens = summary.PromptTokens,
                CompletionTokens = summary.CompletionTokens,
                Truncated = summary.Truncated,
            },
            context.CancellationToken);
    });

    public override Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context) => InferenceErrors.Map(async () =>
    {
        var engine = models.Get(request.Model);
        var embeddings = await TextEmbedder.EmbedAsync(engine, [.. request.Texts], context.CancellationToken);
        var response = new EmbedResponse();
        foreach (var embedding in embeddings)
        {
            var message = new Embedding { Truncated = embedding.Truncated };
            message.Values.AddRange(embedding.Vector);
            response.Embeddings.Add(message);
        }

        return response;
    });

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var response = new ListModelsResponse();
        response.Models.AddRange(models.Models.Select(model => new ModelInfo
        {
            Name = model.Options.Name,
            ContextLength = model.Engine?.ContextLength ?? model.Options.ContextLength,
            EmbeddingSize = model.Engine?.Model.EmbeddingOutputSize ?? 0,
            ParallelSequences = model.Options.ParallelSequences,
            Loaded = model.IsLoaded,
        }));
        return Task.FromResult(response);
    }

    private static Label ToMessage(TextLabel label)
    {
        var message = new Label { DocumentId = label.Id, Label_ = label.Label, Truncated = label.Truncated };
        message.Probabilities.AddRange(label.Probabilities);
        message.Tokens.AddRange(label.Tokens.Select(token => new TokenProbability { Token = token.Text, Probability = token.Probability }));
        return message;
    }
}

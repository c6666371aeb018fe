using Distillery.Contracts.Grpc;
using Distillery.Domain.Jobs;
using Distillery.Domain.Prompts;
using Distillery.Domain.Tasks;
using Distillery.Grpc.Client;
using Distillery.Labeling.Cache;
using Grpc.Core;
using Grpc.Net.Client;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Labeling.Teachers.Local;

/// <summary>
/// A GGUF model served by our Inference service (Mistral-7B on GPU nodes in production), asked
/// through its <c>Classify</c> API: a batch of texts with the codebook in one call, so the
/// service evaluates the shared prompt prefix once and copies it into each text's sequence.
/// SCORE (default) returns every label's probability, calibrated SCORE the same divided by the
/// model's bias on content-free inputs, GENERATE a grammar-constrained answer.
/// The Inference service renders the same <see cref="PromptTemplate"/>, so the prompt version
/// it reports is the one this teacher caches under.
/// </summary>
public sealed class LocalTeacher : ICacheableTeacher, IDisposable
{
    public const string KindName = "local";

    private readonly LocalTeacherSettings _settings;
    private readonly GrpcChannel _channel;
    private readonly V1.Inference.InferenceClient _client;

    public LocalTeacher(LocalTeacherSettings settings, string? name = null)
    {
        _settings = settings;
        Name = name ?? LocalLabelingModes.TeacherName(null, settings.Model, settings.ModeName, comparing: false);
        _channel = DistilleryChannel.Create(settings.Address, new ChannelSettings { BearerToken = settings.Token });
        _client = new V1.Inference.InferenceClient(_channel);
    }

    public string Name { get; }

    public string Kind => KindName;

    public bool IsLanguageModel => true;

    public string Model => _settings.Model;

    public string CacheModel => $"local:{_settings.Model}@{_settings.Address.GetLeftPart(UriPartial.Authority)}/{_settings.ModeName}";

    public string PromptVersion(Codebook codebook) => PromptTemplate.Render(codebook, _settings.FewShotExamples).Version;

    public async Task<TeacherBatchResult> LabelAsync(TeacherRequest request, CancellationToken cancellationToken)
    {
        var codebook = Message(request.Codebook);
        var labels = new List<TeacherLabel>(request.Texts.Count);
        string? version = null;
        foreach (var chunk in request.Texts.Chunk(_settings.BatchSize))
        {
            var classify = new V1.ClassifyRequest
            {
                Model = _settings.Model,
                Codebook = codebook,
                Mode = _settings.Mode == LocalTeacherMode.Generate ? V1.ClassifyMode.Generate : V1.ClassifyMode.Score,
                Calibrate = _settings.Mode == LocalTeacherMode.CalibratedScore,
            };
            classify.Texts.AddRange(chunk.Select(text => new V1.TextItem { Id = text.Id, Text = text.Text }));
            V1.ClassifyResponse response;
            try
            {
                response = await _client.ClassifyAsync(classify, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: cancellationToken));
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument or StatusCode.Unimplemented)
            {
                throw new TeacherException($"{Name}: the Inference service at {_settings.Address} refused the request: {e.Status.Detail}", e);
            }

            version ??= response.PromptVersion;
            // Tokens are reported per call; spread over its texts so per-label sums add up to the call's.
            var prompt = Spread(response.PromptTokens, chunk.Length);
            var completion = Spread(response.CompletionTokens, chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var answer = response.Labels[i];
                labels.Add(new TeacherLabel(
                    chunk[i].Id,
                    answer.Label_.Length == 0 ? null : answer.Label_,
                    answer.Probabilities.Count == 0 ? null : [.. answer.Probabilities],
                    prompt[i],
                    completion[i],
                    answer.Label_,
                    CostUsd: 0m));
            }
        }

        // Our own hardware: tokens are counted, money is not charged per call.
        return new TeacherBatchResult(labels, 0m, new TeacherProvenance(Name, Kind, Model, version ?? PromptVersion(request.Codebook)));
    }

    public void Dispose() => _channel.Dispose();

    private V1.Codebook Message(Codebook codebook) => codebook.ToMessage(_settings.FewShotExamples);

    private static int[] Spread(long total, int parts)
    {
        var each = new int[parts];
        for (var i = 0; i < parts; i++)
        {
            each[i] = (int)((total * (i + 1) / parts) - (total * i / parts));
        }

        return each;
    }
}

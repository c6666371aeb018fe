using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc.Client;
using Microsoft.Extensions.Options;

namespace Distillery.Evaluation.Service;

/// <summary>
/// Student predictions from the Training service's Students gRPC API, in batches that stay under
/// the message limit, with this service's bearer token.
/// </summary>
public sealed class StudentsApiPredictions(GrpcChannel channel, IOptions<EvaluationOptions> options) : IStudentPredictions
{
    private const int Batch = 256;

    private readonly Dictionary<string, string>? _metadata = options.Value.StudentsToken is { Length: > 0 } token
        ? new Dictionary<string, string>(StringComparer.Ordinal) { ["authorization"] = $"Bearer {token}" }
        : null;

    public async Task<IReadOnlyList<string>> PredictAsync(Guid modelId, IReadOnlyList<(string Id, string Text)> texts, CancellationToken cancellationToken)
    {
        var labels = new List<string>(texts.Count);
        foreach (var chunk in texts.Chunk(Batch))
        {
            var request = new PredictRequest { ModelId = modelId.ToString() };
            request.Texts.AddRange(chunk.Select(text => new TextItem { Id = text.Id, Text = text.Text }));
            var response = await channel.UnaryAsync<PredictResponse>(
                "/distillery.v1.Students/Predict", request, new CallOptions(TimeSpan.FromMinutes(2), _metadata, cancellationToken));
            labels.AddRange(response.Labels.Select(label => label.Label_));
        }

        return labels;
    }
}

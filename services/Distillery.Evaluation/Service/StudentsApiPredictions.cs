using Distillery.Contracts.Grpc.V1;
using Grpc.Core;

namespace Distillery.Evaluation.Service;

/// <summary>
/// Student predictions from the Training service's Students gRPC API, in batches that stay under
/// the message limit; the client (registered in <see cref="EvaluationServiceExtensions"/>) carries this service's bearer token.
/// </summary>
public sealed class StudentsApiPredictions(Students.StudentsClient client) : IStudentPredictions
{
    private const int Batch = 256;

    public async Task<IReadOnlyList<string>> PredictAsync(Guid modelId, IReadOnlyList<(string Id, string Text)> texts, CancellationToken cancellationToken)
    {
        var labels = new List<string>(texts.Count);
        foreach (var chunk in texts.Chunk(Batch))
        {
            var request = new PredictRequest { ModelId = modelId.ToString() };
            request.Texts.AddRange(chunk.Select(text => new TextItem { Id = text.Id, Text = text.Text }));
            var response = await client.PredictAsync(request, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: cancellationToken));
            labels.AddRange(response.Labels.Select(label => label.Label_));
        }

        return labels;
    }
}

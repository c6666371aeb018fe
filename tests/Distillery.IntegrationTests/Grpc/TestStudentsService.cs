using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc;
using Distillery.Grpc.Server;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>
/// distillery.v1.Students as the typed client's tests need it until the Training service serves
/// it: "long" for texts over 10 characters, else "short" (grpc-js's tests/interop-node/server.js
/// answers the same), and INVALID_ARGUMENT naming <c>texts</c> when there are none.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "gRPC handlers are bound as instance methods")]
public sealed class TestStudentsService
{
    public Task<PredictResponse> Predict(PredictRequest request, ServerCallContext context) => Task.FromResult(Answer(request));

    public async Task PredictStream(IAsyncEnumerable<PredictRequest> requests, IServerStreamWriter<PredictResponse> responses, ServerCallContext context)
    {
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            await responses.WriteAsync(Answer(request), context.CancellationToken);
        }
    }

    private static PredictResponse Answer(PredictRequest request)
    {
        if (request.Texts.Count == 0)
        {
            throw new RpcValidationException("texts", "must not be empty");
        }

        return new PredictResponse
        {
            LabelNames = { "short", "long" },
            Labels =
            {
                request.Texts.Select(item => item.Text.Length > 10
                    ? new Label { DocumentId = item.Id, Label_ = "long", Probabilities = { 0, 1 } }
                    : new Label { DocumentId = item.Id, Label_ = "short", Probabilities = { 1, 0 } }),
            },
        };
    }
}

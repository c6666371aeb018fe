using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc;
using Grpc.Core;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>
/// distillery.v1.Students as the client tests need it without a trained model: "long" for texts
/// over 10 characters, else "short" (grpc-js's tests/interop-node/server.js answers the same), and
/// INVALID_ARGUMENT naming <c>texts</c> when there are none.
/// </summary>
public sealed class TestStudentsService : Students.StudentsBase
{
    public override Task<PredictResponse> Predict(PredictRequest request, ServerCallContext context) => Task.FromResult(Answer(request));

    public override async Task PredictStream(IAsyncStreamReader<PredictRequest> requestStream, IServerStreamWriter<PredictResponse> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(Answer(request), context.CancellationToken);
        }
    }

    private static PredictResponse Answer(PredictRequest request)
    {
        if (request.Texts.Count == 0)
        {
            throw InvalidArgument.Field("texts", "must not be empty");
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

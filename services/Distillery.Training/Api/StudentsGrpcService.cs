using Distillery.Contracts.Grpc.V1;
using Distillery.Grpc;
using Distillery.Training.Service;
using Distillery.Training.Students;
using Grpc.Core;

namespace Distillery.Training.Api;

/// <summary>
/// The Students gRPC API: trained students classify texts, one batch per call or a whole corpus
/// as a bidirectional stream (each request answered by one response, in order).
/// </summary>
public sealed class StudentsGrpcService(StudentPredictor predictor) : Contracts.Grpc.V1.Students.StudentsBase
{
    public override async Task<PredictResponse> Predict(PredictRequest request, ServerCallContext context) =>
        await PredictOne(request, context.CancellationToken);

    public override async Task PredictStream(IAsyncStreamReader<PredictRequest> requestStream, IServerStreamWriter<PredictResponse> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(await PredictOne(request, context.CancellationToken));
        }
    }

    private async Task<PredictResponse> PredictOne(PredictRequest request, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(request.ModelId, out var modelId))
        {
            throw InvalidArgument.FromMessage($"model_id: {ClientValue.Quote(request.ModelId)} is not a UUID");
        }

        IStudentModel model;
        try
        {
            model = await predictor.ModelAsync(modelId, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"model_id: no student model '{modelId}'"));
        }

        var texts = request.Texts.Select(text => text.Text).ToList();
        var probabilities = await predictor.PredictProbabilitiesAsync(modelId, texts, cancellationToken);
        var labels = StudentPredictions.Labels(model, probabilities);
        var response = new PredictResponse();
        response.LabelNames.AddRange(model.Labels);
        for (var i = 0; i < texts.Count; i++)
        {
            var label = new Label { DocumentId = request.Texts[i].Id, Label_ = labels[i] };
            label.Probabilities.AddRange(probabilities[i]);
            response.Labels.Add(label);
        }

        return response;
    }
}

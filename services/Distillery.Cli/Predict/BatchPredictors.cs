using Distillery.Grpc.Client;
using Distillery.Grpc.Clients;
using Distillery.Training.Students;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Cli.Predict;

/// <summary>Classifies batches of texts as they come and writes each batch's predictions before taking the next.</summary>
internal interface IBatchPredictor
{
    /// <summary>What it predicts with, for messages: a model file, or a student id at an address.</summary>
    string Description { get; }

    Task PredictAsync(IEnumerable<IReadOnlyList<CorpusText>> batches, PredictionWriter writer, Action<int> written, CancellationToken cancellationToken);
}

/// <summary>A student model file loaded into this process.</summary>
internal sealed class LocalBatchPredictor(IStudentModel model, string path) : IBatchPredictor
{
    public string Description => $"{model.Kind} student {path}";

    public async Task PredictAsync(IEnumerable<IReadOnlyList<CorpusText>> batches, PredictionWriter writer, Action<int> written, CancellationToken cancellationToken)
    {
        var names = model.Labels;
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var probabilities = await model.PredictProbabilitiesAsync([.. batch.Select(text => text.Text)], cancellationToken);
            var labels = StudentPredictions.Labels(model, probabilities);
            for (var i = 0; i < batch.Count; i++)
            {
                writer.Write(batch[i].Id, labels[i], names, probabilities[i]);
            }

            await writer.FlushAsync();
            written(batch.Count);
        }
    }
}

/// <summary>
/// A student stored in a cluster, through the Training service's Students API: one PredictStream
/// call for the whole corpus, a request per batch and a response per request, in order, so a
/// corpus of any size neither times out nor waits in memory on either side.
/// </summary>
internal sealed class RemoteBatchPredictor(StudentsClient client, Guid modelId, Uri address, string? token) : IBatchPredictor
{
    public string Description => $"student {modelId} at {address}";

    public async Task PredictAsync(IEnumerable<IReadOnlyList<CorpusText>> batches, PredictionWriter writer, Action<int> written, CancellationToken cancellationToken)
    {
        // No deadline but the caller's: a corpus may take hours. Reading the file ends the request stream cleanly,
        // also at a malformed row, so the batches already sent are still answered.
        var options = new CallOptions(
            Metadata: token is { Length: > 0 } ? new Dictionary<string, string> { ["authorization"] = $"Bearer {token}" } : null,
            CancellationToken: cancellationToken);
        await foreach (var response in client.PredictStreamAsync(Requests(batches), options).WithCancellation(cancellationToken))
        {
            var names = response.LabelNames;
            foreach (var label in response.Labels)
            {
                writer.Write(label.DocumentId, label.Label_, names, label.Probabilities);
            }

            await writer.FlushAsync();
            written(response.Labels.Count);
        }
    }

    private async IAsyncEnumerable<V1.PredictRequest> Requests(IEnumerable<IReadOnlyList<CorpusText>> batches)
    {
        var model = modelId.ToString();
        foreach (var batch in batches)
        {
            var request = new V1.PredictRequest { ModelId = model };
            request.Texts.AddRange(batch.Select(text => new V1.TextItem { Id = text.Id, Text = text.Text }));
            yield return request;
            await Task.Yield();
        }
    }
}

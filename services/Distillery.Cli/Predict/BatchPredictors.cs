using Distillery.Training.Students;
using Grpc.Core;
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
/// corpus of any size neither times out nor waits in memory on either side. The channel carries
/// the bearer token.
/// </summary>
internal sealed class RemoteBatchPredictor(V1.Students.StudentsClient client, Guid modelId, Uri address) : IBatchPredictor
{
    public string Description => $"student {modelId} at {address}";

    public async Task PredictAsync(IEnumerable<IReadOnlyList<CorpusText>> batches, PredictionWriter writer, Action<int> written, CancellationToken cancellationToken)
    {
        // No deadline but the caller's: a corpus may take hours.
        using var call = client.PredictStream(cancellationToken: cancellationToken);
        var sending = SendAsync(call.RequestStream, batches, cancellationToken);
        try
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
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
        catch (Exception)
        {
            // The call's own failure is the one to report; the writer fails with it, unobserved.
            _ = sending.ContinueWith(failed => failed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }

        await sending;
    }

    /// <summary>
    /// Writes a request per batch as the file is read. Reading the file ends the request stream
    /// cleanly, also at a malformed row, so the batches already sent are still answered.
    /// </summary>
    private async Task SendAsync(IClientStreamWriter<V1.PredictRequest> requests, IEnumerable<IReadOnlyList<CorpusText>> batches, CancellationToken cancellationToken)
    {
        // Off the caller's thread: reading the corpus file is synchronous.
        await Task.Yield();
        var model = modelId.ToString();
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = new V1.PredictRequest { ModelId = model };
            request.Texts.AddRange(batch.Select(text => new V1.TextItem { Id = text.Id, Text = text.Text }));
            await requests.WriteAsync(request, cancellationToken);
        }

        await requests.CompleteAsync();
    }
}

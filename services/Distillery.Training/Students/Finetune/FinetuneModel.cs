using Distillery.Domain.Metrics;
using Distillery.Training.Encoders;
using Distillery.Training.Persistence;
using static TorchSharp.torch;

namespace Distillery.Training.Students.Finetune;

/// <summary>
/// A fine-tuned encoder with its classification head. The payload names the encoder it started
/// from (catalog name and the SHA-256 of its weights) and stores the weights training changed
/// (the unfrozen layers and the head), so loading takes the pretrained weights from the catalog's
/// encoder, which must be the very same file, and lays the stored ones over them. A loaded model
/// builds its network on its first prediction. <see cref="Dispose"/> frees the network's native
/// memory at once (a network left to the finaliser held its hundreds of MB long after its task);
/// a prediction after that builds it again.
/// </summary>
public sealed class FinetuneModel : IStudentModel, IDisposable
{
    private readonly IEncoderCatalog _catalog;
    private readonly Lock _gate = new();
    private Task<(FinetuneNetwork Network, EncoderTokenizer Tokenizer)>? _ready;

    internal FinetuneModel(LabelSet labels, IEncoderCatalog catalog, string encoder, string encoderSha256, int maxLength, IReadOnlyList<KeyValuePair<string, WeightTensor>> weights)
    {
        Labels = labels;
        _catalog = catalog;
        Encoder = encoder;
        EncoderSha256 = encoderSha256;
        MaxLength = maxLength;
        Weights = weights;
    }

    internal FinetuneModel(LabelSet labels, IEncoderCatalog catalog, EncoderFiles files, int maxLength, FinetuneNetwork network, EncoderTokenizer tokenizer, IReadOnlyList<KeyValuePair<string, WeightTensor>> weights)
        : this(labels, catalog, files.Name, files.ModelSha256, maxLength, weights)
    {
        _ready = Task.FromResult((network, tokenizer));
    }

    public string Kind => FinetuneStudent.KindName;

    public LabelSet Labels { get; }

    /// <summary>The encoder's catalog name.</summary>
    public string Encoder { get; }

    /// <summary>The SHA-256 of the pretrained encoder's weights (lower-case hex).</summary>
    public string EncoderSha256 { get; }

    public int MaxLength { get; }

    /// <summary>The weights training changed, by parameter name (<c>bert.encoder.layer.5.output.dense.weight</c>, <c>classifier.weight</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, WeightTensor>> Weights { get; }

    /// <summary>libtorch's threads when predicting (0: its default, one per core); a fitted model has its student's <c>threads</c>.</summary>
    public int Threads { get; set; }

    /// <summary>Texts per forward pass when predicting.</summary>
    public int PredictionBatchSize { get; init; } = 32;

    public async Task<double[][]> PredictProbabilitiesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        while (true)
        {
            var ready = ReadyAsync(cancellationToken);
            var (network, tokenizer) = await ready;
            var ids = texts.Select(text => tokenizer.Ids(text, MaxLength)).ToList();
            await TorchRuntime.Gate.WaitAsync(cancellationToken);
            try
            {
                // Disposed while this call waited for the gate: build again rather than touch a freed network.
                if (!IsCurrent(ready))
                {
                    continue;
                }

                TorchRuntime.UseThreads(Threads);
                return Predict(network, ids, PredictionBatchSize, cancellationToken);
            }
            finally
            {
                TorchRuntime.Gate.Release();
                NativeHeap.Trim();
            }
        }
    }

    /// <summary>Frees the network (when built, or once its build ends); the model stays usable and builds it again if asked to predict.</summary>
    public void Dispose()
    {
        Task<(FinetuneNetwork Network, EncoderTokenizer Tokenizer)>? ready;
        lock (_gate)
        {
            (ready, _ready) = (_ready, null);
        }

        if (ready is null)
        {
            return;
        }

        if (ready.IsCompleted)
        {
            Free(ready);
        }
        else
        {
            _ = ready.ContinueWith(Free, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public void WritePayload(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StudentPayload.WriteLabels(writer, Labels);
        writer.Write(Encoder);
        writer.Write(EncoderSha256);
        writer.Write(MaxLength);
        TensorPayload.Write(writer, Weights);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>; the encoder comes from <paramref name="catalog"/> on first prediction.</summary>
    public static FinetuneModel ReadPayload(BinaryReader reader, IEncoderCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(catalog);
        var labels = StudentPayload.ReadLabels(reader);
        var encoder = reader.ReadString();
        var sha256 = reader.ReadString();
        var maxLength = reader.ReadInt32();
        var weights = TensorPayload.Read(reader, FinetuneStudent.KindName);
        if (!catalog.Names.Contains(encoder))
        {
            throw new StudentModelFormatException(
                $"the '{FinetuneStudent.KindName}' model was fine-tuned from encoder '{encoder}', which this process does not have (known: {string.Join(", ", catalog.Names)})");
        }

        return new FinetuneModel(labels, catalog, encoder, sha256, maxLength, weights);
    }

    /// <summary>Probabilities per text, in batches, without gradients; the network in evaluation mode (no dropout).</summary>
    internal static double[][] Predict(FinetuneNetwork network, IReadOnlyList<long[]> ids, int batchSize, CancellationToken cancellationToken)
    {
        network.eval();
        using var noGrad = no_grad();
        var result = new double[ids.Count][];
        for (var start = 0; start < ids.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var rows = Enumerable.Range(start, Math.Min(batchSize, ids.Count - start)).ToList();
            var (inputIds, mask) = Batch(ids, rows, TorchRuntime.Device);
            var probabilities = nn.functional.softmax(network.call(inputIds, mask), -1).to(float64).cpu().data<double>().ToArray();
            var classes = probabilities.Length / rows.Count;
            for (var r = 0; r < rows.Count; r++)
            {
                result[rows[r]] = probabilities[(r * classes)..((r + 1) * classes)];
            }
        }

        return result;
    }

    /// <summary>The <paramref name="rows"/> of <paramref name="ids"/> padded to their longest, with their attention mask.</summary>
    internal static (Tensor InputIds, Tensor Mask) Batch(IReadOnlyList<long[]> ids, IReadOnlyList<int> rows, Device device)
    {
        var length = rows.Max(row => ids[row].Length);
        var input = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            ids[rows[r]].CopyTo(input, r * length);
            Array.Fill(mask, 1L, r * length, ids[rows[r]].Length);
        }

        return (tensor(input, [rows.Count, length]).to(device), tensor(mask, [rows.Count, length]).to(device));
    }

    /// <summary>The network, built once (again after a failure, so that a fixed encoder folder is picked up).</summary>
    private Task<(FinetuneNetwork Network, EncoderTokenizer Tokenizer)> ReadyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = BuildAsync(cancellationToken);
            }

            return _ready;
        }
    }

    private async Task<(FinetuneNetwork Network, EncoderTokenizer Tokenizer)> BuildAsync(CancellationToken cancellationToken)
    {
        var files = await _catalog.GetAsync(Encoder, cancellationToken);
        if (!string.Equals(files.ModelSha256, EncoderSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new StudentModelFormatException(
                $"the '{Kind}' model was fine-tuned from encoder '{Encoder}' with SHA-256 {EncoderSha256}, but this process's '{Encoder}' has {files.ModelSha256}");
        }

        var tokenizer = await EncoderTokenizer.LoadAsync(files);
        var pretrained = PretrainedWeights.Of(files);

        // Under the gate: building draws initial weights from libtorch's global generator, which a fit running beside would share.
        await TorchRuntime.Gate.WaitAsync(cancellationToken);
        try
        {
            var network = FinetuneStudent.Build(files, pretrained, Labels.Count);
            try
            {
                Overlay(network, Weights);
            }
            catch
            {
                network.Dispose();
                throw;
            }

            network.eval();
            return (network, tokenizer);
        }
        finally
        {
            TorchRuntime.Gate.Release();
        }
    }

    private bool IsCurrent(Task<(FinetuneNetwork Network, EncoderTokenizer Tokenizer)> ready)
    {
        lock (_gate)
        {
            return ReferenceEquals(_ready, ready);
        }
    }

    /// <summary>Disposes a built network under the gate, so never during a prediction with it.</summary>
    private static void Free(Task<(FinetuneNetwork Network, EncoderTokenizer Tokenizer)> ready)
    {
        if (!ready.IsCompletedSuccessfully)
        {
            return;
        }

        TorchRuntime.Gate.Wait();
        try
        {
            ready.Result.Network.Dispose();
        }
        finally
        {
            TorchRuntime.Gate.Release();
        }

        NativeHeap.Trim();
    }

    private void Overlay(FinetuneNetwork network, IReadOnlyList<KeyValuePair<string, WeightTensor>> weights)
    {
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach (var (name, weight) in weights)
        {
            if (!parameters.TryGetValue(name, out var parameter) || !weight.Shape.SequenceEqual(parameter.shape))
            {
                throw new StudentModelFormatException(
                    $"the '{Kind}' model stores weight '{name}' of shape [{string.Join(", ", weight.Shape)}], which encoder '{Encoder}' with {Labels.Count} labels does not have");
            }

            using var source = tensor(weight.Values, weight.Shape);
            parameter.copy_(source);
        }
    }
}

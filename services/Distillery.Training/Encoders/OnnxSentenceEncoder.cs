using Microsoft.ML.OnnxRuntime;

namespace Distillery.Training.Encoders;

/// <summary>
/// A sentence encoder run with ONNX Runtime on the CPU: texts are tokenised (<see cref="EncoderTokenizer"/>),
/// run through the BERT-family model in batches, and each text's vector is the mean of its
/// <c>last_hidden_state</c> rows over its real tokens (the attention mask; padding never counts,
/// so a text gets the same vector alone or beside longer texts), L2-normalised. That is what
/// sentence-transformers does for all-MiniLM-L6-v2 (its pipeline is Transformer, mean Pooling,
/// Normalize), so the vectors are the model's published sentence embeddings. The session is
/// thread-safe and holds the model's weights (about 90 MB for MiniLM): load it once per process.
/// </summary>
public sealed class OnnxSentenceEncoder : IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";
    private const string Output = "last_hidden_state";

    private static readonly string[] InputNames = [InputIds, AttentionMask, TokenTypeIds];
    private static readonly string[] OutputNames = [Output];

    private readonly InferenceSession _session;
    private readonly EncoderTokenizer _tokenizer;
    private long _runs;

    private OnnxSentenceEncoder(EncoderFiles files, InferenceSession session, EncoderTokenizer tokenizer, int dimension)
    {
        Files = files;
        _session = session;
        _tokenizer = tokenizer;
        Dimension = dimension;
    }

    public EncoderFiles Files { get; }

    /// <summary>The hidden size, read from the model's output shape at load (384 for MiniLM).</summary>
    public int Dimension { get; }

    /// <summary>The longest input the encoder accepts, in tokens.</summary>
    public int MaxLength => Files.MaxLength;

    /// <summary>Batches run through the model so far (tests check that a cache spares them).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>
    /// Loads the model and vocabulary, checking that the model has the inputs and output this
    /// class feeds and reads; <see cref="EncoderFilesException"/> naming the file otherwise.
    /// <paramref name="threads"/> is ONNX Runtime's intra-op thread count (one by default: tests and
    /// shared machines run several processes at once; a dedicated worker may give it its cores).
    /// </summary>
    public static async Task<OnnxSentenceEncoder> LoadAsync(EncoderFiles files, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!File.Exists(files.ModelPath))
        {
            throw new EncoderFilesException($"encoder '{files.Name}': model file '{files.ModelPath}' does not exist");
        }

        var tokenizer = await EncoderTokenizer.LoadAsync(files);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(files.ModelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EncoderFilesException($"encoder '{files.Name}': model file '{files.ModelPath}' is not a readable ONNX model (truncated or damaged?): {e.Message}", e);
        }

        try
        {
            return new OnnxSentenceEncoder(files, session, tokenizer, CheckShape(files, session));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One L2-normalised vector per text, in order. Texts are cut to <paramref name="maxLength"/>
    /// tokens (<c>[CLS]</c> and <c>[SEP]</c> included) and run <paramref name="batchSize"/> at a time,
    /// texts of similar length together (less padding to compute; the vectors do not depend on it).
    /// </summary>
    public float[][] Embed(IReadOnlyList<string> texts, int maxLength, int batchSize = 16, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (maxLength < 2 || maxLength > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"encoder '{Files.Name}': max_length must be between 2 and its limit {MaxLength}, not {maxLength}");
        }

        var rows = texts.Select(text => _tokenizer.Ids(text, maxLength)).ToArray();
        var order = Enumerable.Range(0, rows.Length).OrderBy(i => rows[i].Length).ToArray();
        var vectors = new float[texts.Count][];
        for (var start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = order[start..Math.Min(order.Length, start + batchSize)];
            var pooled = Run(TokenizedBatch.Pad([.. members.Select(i => rows[i])]));
            for (var j = 0; j < members.Length; j++)
            {
                vectors[members[j]] = pooled[j];
            }
        }

        return vectors;
    }

    public void Dispose() => _session.Dispose();

    private float[][] Run(TokenizedBatch batch)
    {
        long[] shape = [batch.Count, batch.Length];
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape);
        using var run = new RunOptions();
        using var outputs = _session.Run(run, InputNames, [ids, mask, types], OutputNames);
        Interlocked.Increment(ref _runs);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var outputShape = outputs[0].GetTensorTypeAndShape().Shape;
        if (outputShape.Length != 3 || outputShape[0] != batch.Count || outputShape[1] != batch.Length || outputShape[2] != Dimension)
        {
            throw new EncoderFilesException(
                $"encoder '{Files.Name}': model '{Files.ModelPath}' returned {Output} of shape [{string.Join(", ", outputShape)}] for a batch of [{batch.Count}, {batch.Length}]");
        }

        return MeanPool(hidden, batch, Dimension);
    }

    /// <summary>The mean of each row's hidden states over its real tokens, L2-normalised (in double, then stored as float).</summary>
    internal static float[][] MeanPool(ReadOnlySpan<float> hidden, TokenizedBatch batch, int dimension)
    {
        var vectors = new float[batch.Count][];
        var sum = new double[dimension];
        for (var row = 0; row < batch.Count; row++)
        {
            Array.Clear(sum);
            var tokens = 0;
            for (var t = 0; t < batch.Length; t++)
            {
                if (batch.AttentionMask[(row * batch.Length) + t] == 0)
                {
                    continue;
                }

                tokens++;
                var state = hidden.Slice(((row * batch.Length) + t) * dimension, dimension);
                for (var d = 0; d < dimension; d++)
                {
                    sum[d] += state[d];
                }
            }

            // The mean's direction is the sum's: normalising the sum gives the normalised mean.
            var squares = 0.0;
            for (var d = 0; d < dimension; d++)
            {
                squares += sum[d] * sum[d];
            }

            var norm = tokens == 0 || squares == 0 ? 1 : Math.Sqrt(squares);
            var vector = new float[dimension];
            for (var d = 0; d < dimension; d++)
            {
                vector[d] = (float)(sum[d] / norm);
            }

            vectors[row] = vector;
        }

        return vectors;
    }

    private static int CheckShape(EncoderFiles files, InferenceSession session)
    {
        var inputs = session.InputMetadata;
        var missing = InputNames.Where(name => !inputs.ContainsKey(name)).ToList();
        if (missing.Count > 0 || inputs.Count != InputNames.Length)
        {
            throw new EncoderFilesException(
                $"encoder '{files.Name}': model file '{files.ModelPath}' has inputs {string.Join(", ", inputs.Keys)}; expected {string.Join(", ", InputNames)}");
        }

        if (!session.OutputMetadata.TryGetValue(Output, out var output) || output.Dimensions.Length != 3 || output.Dimensions[2] <= 0 || output.ElementType != typeof(float))
        {
            throw new EncoderFilesException(
                $"encoder '{files.Name}': model file '{files.ModelPath}' has no float output {Output} of shape [batch, sequence, hidden] (outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
        }

        return output.Dimensions[2];
    }
}

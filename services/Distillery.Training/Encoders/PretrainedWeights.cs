using System.Collections.Concurrent;

namespace Distillery.Training.Encoders;

/// <summary>
/// An encoder's pretrained weights, read from its ONNX file once per process and shared by every
/// network built from it (a fit, a stored model loaded for prediction). Reading the file made
/// about 300 MB of short-lived managed objects for MiniLM each time, once per fit and per loaded
/// model, which the 14-task pretrained example paid dozens of times. Keyed by the file and its
/// SHA-256, so a replaced file is read again; a failed read is not remembered (the operator may put
/// the file right). The arrays are shared: callers copy them into tensors and never change them.
/// </summary>
public static class PretrainedWeights
{
    private static readonly ConcurrentDictionary<(string Path, string Sha256), Lazy<IReadOnlyDictionary<string, WeightTensor>>> Read = new();

    public static IReadOnlyDictionary<string, WeightTensor> Of(EncoderFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var key = (Path.GetFullPath(files.ModelPath), files.ModelSha256);
        var entry = Read.GetOrAdd(key, k => new Lazy<IReadOnlyDictionary<string, WeightTensor>>(() => OnnxWeights.Read(k.Path), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return entry.Value;
        }
        catch
        {
            Read.TryRemove(new KeyValuePair<(string, string), Lazy<IReadOnlyDictionary<string, WeightTensor>>>(key, entry));
            throw;
        }
    }
}

namespace Distillery.Inference.Configuration;

/// <summary>
/// A seeded random llama model the service writes itself (llama.cpp's own GGUF writer, see
/// Distillery.Llama's TinyModelFactory) when its file is missing: for development clusters and
/// probes without model weights. It runs the whole inference path; its labels mean nothing.
/// </summary>
public enum SyntheticModel
{
    /// <summary>2 layers of width 64, a byte-level vocabulary and the ChatML template (well under 1 MB).</summary>
    Tiny,

    /// <summary>8 layers of width 512, F16 (about 51 MB).</summary>
    Benchmark,
}

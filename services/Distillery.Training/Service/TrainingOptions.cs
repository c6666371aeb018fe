using System.ComponentModel.DataAnnotations;
using Distillery.Training.Encoders;

namespace Distillery.Training.Service;

/// <summary>Where students are stored.</summary>
public enum ModelStoreKind
{
    /// <summary>Files in <see cref="TrainingOptions.ModelFolder"/> (local mode).</summary>
    Folder,

    /// <summary>PostgreSQL <c>bytea</c> (distributed mode; needs <c>Distillery:Database:ConnectionString</c>).</summary>
    Postgres,
}

/// <summary>Where training texts and labels come from.</summary>
public enum TrainingDataKind
{
    /// <summary>Registered in memory by the host (local mode, tests).</summary>
    Memory,

    /// <summary>The corpus and label tables in PostgreSQL (distributed mode).</summary>
    Postgres,
}

/// <summary>Where the embedding students' vectors are cached.</summary>
public enum EmbeddingCacheKind
{
    /// <summary>In memory, plus files in <see cref="TrainingOptions.EmbeddingCacheFolder"/> (local mode).</summary>
    File,

    /// <summary>PostgreSQL, shared by all replicas (distributed mode; needs <c>Distillery:Database:ConnectionString</c>).</summary>
    Postgres,
}

/// <summary><c>Distillery:Training</c>.</summary>
public sealed class TrainingOptions
{
    public const string Section = "Distillery:Training";

    public ModelStoreKind ModelStore { get; set; } = ModelStoreKind.Folder;

    public TrainingDataKind DataSource { get; set; } = TrainingDataKind.Memory;

    [Required(AllowEmptyStrings = false)]
    public string ModelFolder { get; set; } = "students";

    /// <summary>Texts per prediction batch: bounds the memory a bulk prediction holds.</summary>
    [Range(1, 100_000)]
    public int PredictionBatchSize { get; set; } = 1_024;

    /// <summary>
    /// Stored students kept loaded for prediction, the least recently used unloaded first: a
    /// fine-tuned one holds its whole encoder (about 100 MB for MiniLM), so a replica serving many
    /// models must not keep them all.
    /// </summary>
    [Range(1, 10_000)]
    public int LoadedStudents { get; set; } = 4;

    public EmbeddingCacheKind EmbeddingCache { get; set; } = EmbeddingCacheKind.File;

    /// <summary>The file cache's folder; unset: the machine's (<c>$XDG_CACHE_HOME/distillery/embeddings</c>).</summary>
    public string? EmbeddingCacheFolder { get; set; }

    /// <summary>Where encoders are taken out to; unset: the machine's (<c>DISTILLERY_ENCODER_DIR</c>, else <c>$XDG_CACHE_HOME/distillery/encoders</c>).</summary>
    public string? EncoderFolder { get; set; }

    /// <summary>Encoders an operator mounts, by the name students give (<c>encoder: &lt;name&gt;</c>), beside the packaged all-MiniLM-L6-v2.</summary>
    public Dictionary<string, MountedEncoder> Encoders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>ONNX Runtime's intra-op threads for the encoder (one: several students and processes share the cores).</summary>
    [Range(1, 256)]
    public int EncoderThreads { get; set; } = 1;
}

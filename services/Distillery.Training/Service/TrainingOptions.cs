using System.ComponentModel.DataAnnotations;

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
}

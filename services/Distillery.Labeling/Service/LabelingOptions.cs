using System.ComponentModel.DataAnnotations;
using Distillery.Labeling.Endpoints;

namespace Distillery.Labeling.Service;

/// <summary>Where the label cache lives.</summary>
public enum LabelCacheKind
{
    /// <summary>In memory, plus <see cref="LabelingOptions.CacheFile"/> when set (local mode).</summary>
    File,

    /// <summary>PostgreSQL, shared by all replicas (distributed mode; needs <c>Distillery:Database:ConnectionString</c>).</summary>
    Postgres,
}

/// <summary>A model's price (per million tokens), as a registered endpoint lists it.</summary>
public sealed class PriceOptions
{
    [Range(0, 1_000_000)]
    public decimal PromptUsdPerMillionTokens { get; set; }

    [Range(0, 1_000_000)]
    public decimal CompletionUsdPerMillionTokens { get; set; }
}

/// <summary><c>Distillery:Labeling</c>.</summary>
public sealed class LabelingOptions
{
    public const string Section = "Distillery:Labeling";

    public LabelCacheKind LabelCache { get; set; } = LabelCacheKind.File;

    public string? CacheFile { get; set; }

    /// <summary>Batches one replica labels at once (each batch's texts also run concurrently, up to the teacher's own limit).</summary>
    [Range(1, 256)]
    public int ConcurrentBatches { get; set; } = 4;

    /// <summary>Texts per teacher call within a batch: the unit of progress a crash can lose.</summary>
    [Range(1, 10_000)]
    public int TeacherChunkSize { get; set; } = 16;

    /// <summary>The teacher endpoints jobs may name (<c>Distillery:Labeling:Endpoints:&lt;name&gt;</c>): the only ones this service calls.</summary>
    public Dictionary<string, TeacherEndpointOptions> Endpoints { get; set; } = [];
}

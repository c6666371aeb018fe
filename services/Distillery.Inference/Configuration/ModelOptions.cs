using System.ComponentModel.DataAnnotations;

namespace Distillery.Inference.Configuration;

/// <summary>
/// One model the service loads at start-up (an entry of <c>Distillery:Inference:Models</c>):
/// its GGUF file and how its engine runs it.
/// </summary>
public sealed class ModelOptions
{
    /// <summary>The name callers use (gRPC <c>model</c>, OpenAI <c>model</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._:-]*$", ErrorMessage = "a model name is letters, digits, '.', '_', ':' and '-', starting with a letter or digit")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The GGUF file; a relative path is taken from <see cref="InferenceOptions.ModelFolder"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = string.Empty;

    /// <summary>Write a synthetic model of this shape to <see cref="Path"/> when the file is missing (development only: its labels mean nothing).</summary>
    public SyntheticModel? Synthetic { get; set; }

    /// <summary>Layers offloaded to the GPU; empty keeps llama.cpp's default (all, when a GPU backend is loaded). Ignored on CPU.</summary>
    [Range(0, 1000)]
    public int? GpuLayers { get; set; }

    /// <summary>The most tokens one sequence holds: prompt plus answer. Longer texts are cut in the middle.</summary>
    [Range(64, 1 << 20)]
    public int ContextLength { get; set; } = 4096;

    /// <summary>Sequence slots: how many texts the engine works on at once, all in one batch per step.</summary>
    [Range(1, 128)]
    public int ParallelSequences { get; set; } = 8;

    /// <summary>CPU threads for llama.cpp; on cores shared with other busy processes fewer can be faster (see LlamaContextOptions.Threads).</summary>
    [Range(1, 1024)]
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>The most tokens one step decodes (llama.cpp's n_batch and n_ubatch).</summary>
    [Range(64, 8192)]
    public int BatchSize { get; set; } = 512;

    /// <summary>
    /// The KV cache's size in tokens, shared by all sequences; 0 sizes it for every slot's full
    /// context plus one more for cached prefixes (<see cref="ContextLength"/> × (<see cref="ParallelSequences"/> + 1)).
    /// </summary>
    [Range(0, 1 << 24)]
    public int KvCacheTokens { get; set; }

    /// <summary>Evaluate a prompt prefix shared by many texts (a task's codebook and examples) once and copy it into each text's sequence.</summary>
    public bool PrefixCache { get; set; } = true;

    /// <summary>How many distinct prefixes stay cached (least recently used goes first).</summary>
    [Range(1, 32)]
    public int PrefixCacheEntries { get; set; } = 4;

    /// <summary>
    /// Texts (or sequences of a Generate or chat call) that may wait for a slot; a call that would
    /// overfill the queue is refused with RESOURCE_EXHAUSTED (HTTP 429 on the OpenAI endpoint).
    /// </summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>
    /// A chat template to use instead of the model's own (<c>tokenizer.chat_template</c>): a template
    /// text or a llama.cpp template name such as <c>chatml</c> or <c>mistral-v7</c>.
    /// </summary>
    public string? ChatTemplate { get; set; }

    /// <summary>The KV cache size <see cref="KvCacheTokens"/> gives.</summary>
    internal int EffectiveKvCacheTokens => KvCacheTokens > 0 ? KvCacheTokens : ContextLength * (ParallelSequences + 1);
}

using System.ComponentModel.DataAnnotations;

namespace Distillery.Training.Encoders;

/// <summary>
/// A BERT-family encoder an operator provides as files (<c>Distillery:Training:Encoders:&lt;name&gt;</c>):
/// its ONNX export (inputs <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c>; output
/// <c>last_hidden_state</c>) and its WordPiece vocabulary. Students name it like the packaged one.
/// </summary>
public sealed class MountedEncoder
{
    [Required(AllowEmptyStrings = false)]
    public string Model { get; set; } = string.Empty;

    [Required(AllowEmptyStrings = false)]
    public string Vocabulary { get; set; } = string.Empty;

    /// <summary>Whether its vocabulary is uncased (the tokenizer lower-cases its input).</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>Its position embeddings: the longest max_length a student may ask for.</summary>
    [Range(2, 8192)]
    public int MaxLength { get; set; } = 512;
}

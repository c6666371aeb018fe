namespace Distillery.Training.Encoders;

/// <summary>
/// A BERT-family encoder on disk: its ONNX export (inputs <c>input_ids</c>, <c>attention_mask</c>,
/// <c>token_type_ids</c>; output <c>last_hidden_state</c>) and its WordPiece vocabulary.
/// <paramref name="ModelSha256"/> (lower-case hex) names the exact weights: a stored student and
/// the embedding cache refer to the encoder by name and this hash.
/// </summary>
public sealed record EncoderFiles(string Name, string ModelPath, string VocabularyPath, string ModelSha256, bool LowerCase = true, int MaxLength = 512);

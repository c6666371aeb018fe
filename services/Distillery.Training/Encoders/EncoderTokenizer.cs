using FastBertTokenizer;

namespace Distillery.Training.Encoders;

/// <summary>
/// An encoder's WordPiece tokenizer (FastBertTokenizer, equivalent to Hugging Face's for BERT
/// vocabularies): <c>[CLS] … [SEP]</c>, cut to the length asked for (the <c>[SEP]</c> kept), rows of
/// a batch padded to its longest. FastBertTokenizer hands out views of one reused buffer, so
/// calls are serialised and every row is copied out before the next.
/// </summary>
public sealed class EncoderTokenizer
{
    private readonly BertTokenizer _tokenizer;
    private readonly Lock _gate = new();

    private EncoderTokenizer(BertTokenizer tokenizer, int maxLength)
    {
        _tokenizer = tokenizer;
        MaxLength = maxLength;
    }

    /// <summary>The longest input the encoder accepts (its position embeddings).</summary>
    public int MaxLength { get; }

    public static async Task<EncoderTokenizer> LoadAsync(EncoderFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!File.Exists(files.VocabularyPath))
        {
            throw new EncoderFilesException($"encoder '{files.Name}': vocabulary file '{files.VocabularyPath}' does not exist");
        }

        var tokenizer = new BertTokenizer();
        using var reader = File.OpenText(files.VocabularyPath);
        await tokenizer.LoadVocabularyAsync(reader, convertInputToLowercase: files.LowerCase);
        return new EncoderTokenizer(tokenizer, files.MaxLength);
    }

    /// <summary>Token ids of one text, <c>[CLS]</c> and <c>[SEP]</c> included, at most <paramref name="maxLength"/> of them.</summary>
    public long[] Ids(string text, int maxLength)
    {
        CheckLength(maxLength);
        lock (_gate)
        {
            return _tokenizer.Encode(text, maxLength).InputIds.ToArray();
        }
    }

    public TokenizedBatch Encode(IReadOnlyList<string> texts, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return TokenizedBatch.Pad(texts.Select(text => Ids(text, maxLength)).ToList());
    }

    private void CheckLength(int maxLength)
    {
        if (maxLength < 2 || maxLength > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"max_length must be between 2 and the encoder's limit {MaxLength}");
        }
    }
}

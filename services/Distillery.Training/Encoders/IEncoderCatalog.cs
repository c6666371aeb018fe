namespace Distillery.Training.Encoders;

/// <summary>The encoders this process can use, by the name a student spec gives (<c>encoder: all-minilm-l6-v2</c>).</summary>
public interface IEncoderCatalog
{
    /// <summary>The names a spec may give.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>The encoder's files, ready to load; <see cref="EncoderFilesException"/> naming the encoder and file when they are not.</summary>
    Task<EncoderFiles> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The longest input, in tokens, <paramref name="name"/> accepts (its position embeddings), known without its files.</summary>
    int MaxLengthOf(string name);
}

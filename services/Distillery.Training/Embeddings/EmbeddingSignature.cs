namespace Distillery.Training.Embeddings;

/// <summary>
/// The provider name and dimension an embedding student was trained on, as stored in its
/// payload, and the check that the provider supplied at load time is that one.
/// </summary>
public sealed record EmbeddingSignature(string ProviderName, int Dimension)
{
    public static EmbeddingSignature Of(IEmbeddingProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new EmbeddingSignature(provider.Name, provider.Dimension);
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ProviderName);
        writer.Write(Dimension);
    }

    public static EmbeddingSignature Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new EmbeddingSignature(reader.ReadString(), reader.ReadInt32());
    }

    /// <summary>Throws <see cref="EmbeddingProviderMismatchException"/> unless <paramref name="provider"/> has this name and dimension.</summary>
    public void EnsureMatches(IEmbeddingProvider provider, string kind)
    {
        var supplied = Of(provider);
        if (supplied != this)
        {
            throw new EmbeddingProviderMismatchException(
                $"this '{kind}' model was trained on embeddings '{ProviderName}' (dimension {Dimension}) but was loaded with provider " +
                $"'{supplied.ProviderName}' (dimension {supplied.Dimension}); load it with the provider it was trained on");
        }
    }
}

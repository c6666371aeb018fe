using Distillery.Domain.Metrics;
using Distillery.Training.Embeddings;
using Distillery.Training.Models;
using Distillery.Training.Persistence;

namespace Distillery.Training.Students.EmbeddingMlp;

/// <summary>
/// A trained <c>embedding-mlp</c> student: the provider it embeds with and its perceptron. The
/// payload stores the provider's name and dimension, not the provider, so loading it takes the
/// provider from the caller and refuses a different one.
/// </summary>
public sealed class EmbeddingMlpModel : IStudentModel
{
    public EmbeddingMlpModel(LabelSet labels, IEmbeddingProvider provider, MlpHead head)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(head);
        if (head.Classes != labels.Count || head.Inputs != provider.Dimension)
        {
            throw new ArgumentException(
                $"a perceptron of {head.Classes} classes over {head.Inputs} inputs does not fit {labels.Count} labels and embeddings of dimension {provider.Dimension}");
        }

        Labels = labels;
        Provider = provider;
        Head = head;
    }

    public string Kind => EmbeddingMlpStudent.KindName;

    public LabelSet Labels { get; }

    public IEmbeddingProvider Provider { get; }

    public MlpHead Head { get; }

    public async Task<double[][]> PredictProbabilitiesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var embeddings = await ProviderEmbeddings.EmbedCheckedAsync(Provider, texts, cancellationToken);
        return Head.PredictProbabilities(embeddings);
    }

    public void WritePayload(BinaryWriter writer)
    {
        StudentPayload.WriteLabels(writer, Labels);
        EmbeddingSignature.Of(Provider).Write(writer);
        Head.Write(writer);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>, embedding with <paramref name="provider"/>, which must be the one it was trained on.</summary>
    public static EmbeddingMlpModel ReadPayload(BinaryReader reader, IEmbeddingProvider provider)
    {
        var labels = StudentPayload.ReadLabels(reader);
        EmbeddingSignature.Read(reader).EnsureMatches(provider, EmbeddingMlpStudent.KindName);
        var head = MlpHead.Read(reader);
        if (head.Classes != labels.Count || head.Inputs != provider.Dimension)
        {
            throw new StudentModelFormatException(
                $"the '{EmbeddingMlpStudent.KindName}' perceptron has {head.Classes} classes over {head.Inputs} inputs, but the model has {labels.Count} labels and dimension {provider.Dimension}");
        }

        return new EmbeddingMlpModel(labels, provider, head);
    }
}

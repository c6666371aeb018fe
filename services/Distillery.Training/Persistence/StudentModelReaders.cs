using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;
using Distillery.Training.Models;
using Distillery.Training.Students;
using Distillery.Training.Students.EmbeddingLogReg;
using Distillery.Training.Students.EmbeddingMlp;
using Distillery.Training.Students.Finetune;
using Distillery.Training.Students.TfidfLogReg;

namespace Distillery.Training.Persistence;

/// <summary>
/// Which reader turns a payload of each student kind back into a model. The embedding students
/// need the provider that embeds their inputs, which only the caller has: <see cref="WithEmbeddings"/>
/// registers their readers over it, and without it their models are refused with a message saying so.
/// </summary>
public sealed class StudentModelReaders
{
    private readonly Dictionary<string, Func<BinaryReader, IStudentModel>> _readers = new(StringComparer.Ordinal)
    {
        [TfidfLogRegStudent.KindName] = TfidfLogRegModel.ReadPayload,
        [EmbeddingLogRegStudent.KindName] = _ => throw NoProvider(EmbeddingLogRegStudent.KindName),
        [EmbeddingMlpStudent.KindName] = _ => throw NoProvider(EmbeddingMlpStudent.KindName),
        [FinetuneStudent.KindName] = reader => FinetuneModel.ReadPayload(reader, DefaultEncoders.Value),
    };

    /// <summary>The machine's encoders (the packaged MiniLM), which a <c>finetune</c> model starts from; <see cref="Add"/> replaces them.</summary>
    private static readonly Lazy<IEncoderCatalog> DefaultEncoders = new(() => new EncoderCatalog());

    /// <summary>The default readers, with the embedding students' reading through <paramref name="provider"/>.</summary>
    public static StudentModelReaders WithEmbeddings(IEmbeddingProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new StudentModelReaders()
            .Add(EmbeddingLogRegStudent.KindName, reader => EmbeddingStudentModel.ReadPayload(reader, EmbeddingLogRegStudent.KindName, provider, LogisticEmbeddingHead.Read))
            .Add(EmbeddingMlpStudent.KindName, reader => EmbeddingStudentModel.ReadPayload(reader, EmbeddingMlpStudent.KindName, provider, MlpHead.Read));
    }

    /// <summary>
    /// The default readers, with each embedding student reading through the encoder its file
    /// names (<c>all-minilm-l6-v2@4a64cee3d413/256</c>) from <paramref name="encoders"/>; a name that
    /// is not one of its encoders, or names other weights, is refused with <see cref="EmbeddingProviderMismatchException"/>.
    /// </summary>
    public static StudentModelReaders WithEmbeddings(EncoderEmbeddingSource encoders)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        IEmbeddingProvider Resolve(EmbeddingSignature stored, string kind) =>
            encoders.Resolve(stored.ProviderName) ?? throw new EmbeddingProviderMismatchException(
                $"this '{kind}' model was trained on embeddings '{stored.ProviderName}' (dimension {stored.Dimension}), which this process cannot compute " +
                $"(its encoders: {string.Join(", ", encoders.Encoders)}, named <encoder>@<model hash>/<max_length>)");
        return new StudentModelReaders()
            .Add(EmbeddingLogRegStudent.KindName, reader => EmbeddingStudentModel.ReadPayload(reader, EmbeddingLogRegStudent.KindName, stored => Resolve(stored, EmbeddingLogRegStudent.KindName), LogisticEmbeddingHead.Read))
            .Add(EmbeddingMlpStudent.KindName, reader => EmbeddingStudentModel.ReadPayload(reader, EmbeddingMlpStudent.KindName, stored => Resolve(stored, EmbeddingMlpStudent.KindName), MlpHead.Read))
            .Add(FinetuneStudent.KindName, reader => FinetuneModel.ReadPayload(reader, encoders.Catalog));
    }

    public StudentModelReaders Add(string kind, Func<BinaryReader, IStudentModel> reader)
    {
        _readers[kind] = reader;
        return this;
    }

    internal IStudentModel Read(string kind, BinaryReader reader, string source) =>
        _readers.TryGetValue(kind, out var read)
            ? read(reader)
            : throw new StudentModelFormatException($"{source}: unknown student kind '{kind}' (known: {string.Join(", ", _readers.Keys)})");

    private static InvalidOperationException NoProvider(string kind) =>
        new($"a '{kind}' model embeds its inputs and needs the embedding provider it was trained on: read it with StudentModelReaders.WithEmbeddings(provider)");
}

using Distillery.Training.Embeddings;
using Distillery.Training.Models;
using Distillery.Training.Persistence;
using Distillery.Training.Students;
using Distillery.Training.Students.EmbeddingLogReg;
using Distillery.Training.Students.EmbeddingMlp;

namespace Distillery.UnitTests.Training;

/// <summary>Saving, loading and reproducing the embedding students through <see cref="StudentModelFile"/>.</summary>
public sealed class EmbeddingModelFileTests
{
    private static readonly HashedProjectionTestEmbeddings Provider = new();
    private static readonly TrainingSet Data = SyntheticTopics.Hard(120, 1);
    private static readonly List<string> Texts = SyntheticTopics.Make(30, 99).Texts;

    /// <summary>Students small and quick enough to fit many times; the MLP still runs several epochs.</summary>
    private static IStudent Student(string kind, IEmbeddingProvider? provider = null) => kind switch
    {
        EmbeddingLogRegStudent.KindName => new EmbeddingLogRegStudent(provider ?? Provider, new EmbeddingLogRegOptions()),
        EmbeddingMlpStudent.KindName => new EmbeddingMlpStudent(provider ?? Provider, new EmbeddingMlpOptions { Mlp = new MlpOptions { HiddenSize = 16, MaxEpochs = 8 } }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an embedding student"),
    };

    private static async Task<byte[]> FitAndSerialize(string kind, ulong seed, IEmbeddingProvider? provider = null) =>
        StudentModelFile.Serialize((await Student(kind, provider).FitAsync(Data, seed)).Model);

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task A_loaded_model_predicts_the_same_probabilities_as_the_saved_one(string kind)
    {
        var model = (await Student(kind).FitAsync(Data, 7)).Model;

        var loaded = StudentModelFile.Deserialize(StudentModelFile.Serialize(model), StudentModelReaders.WithEmbeddings(new HashedProjectionTestEmbeddings()));

        Assert.Equal(model.GetType(), loaded.GetType());
        Assert.Equal(kind, loaded.Kind);
        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(await model.PredictProbabilitiesAsync(Texts), await loaded.PredictProbabilitiesAsync(Texts));
    }

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Two_fits_with_the_same_seed_serialise_to_the_same_bytes(string kind)
    {
        Assert.Equal(await FitAndSerialize(kind, 7), await FitAndSerialize(kind, 7));
    }

    [Fact]
    public async Task A_different_seed_gives_a_different_mlp_but_the_same_logistic_regression()
    {
        Assert.NotEqual(await FitAndSerialize(EmbeddingMlpStudent.KindName, 7), await FitAndSerialize(EmbeddingMlpStudent.KindName, 8));
        Assert.Equal(await FitAndSerialize(EmbeddingLogRegStudent.KindName, 7), await FitAndSerialize(EmbeddingLogRegStudent.KindName, 8));
    }

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Loading_with_a_provider_of_another_name_fails_naming_both(string kind)
    {
        var bytes = await FitAndSerialize(kind, 7);
        var impostor = new RenamedEmbeddings("llama-embed-256", new HashedProjectionTestEmbeddings());

        var error = Assert.Throws<EmbeddingProviderMismatchException>(() => StudentModelFile.Deserialize(bytes, StudentModelReaders.WithEmbeddings(impostor)));

        Assert.Contains($"'{kind}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hashed-projection-256' (dimension 256)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'llama-embed-256' (dimension 256)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Loading_with_a_provider_of_another_dimension_fails_naming_both(string kind)
    {
        var bytes = await FitAndSerialize(kind, 7);
        var narrower = new RenamedEmbeddings("hashed-projection-256", new HashedProjectionTestEmbeddings(128));

        var error = Assert.Throws<EmbeddingProviderMismatchException>(() => StudentModelFile.Deserialize(bytes, StudentModelReaders.WithEmbeddings(narrower)));

        Assert.Contains("'hashed-projection-256' (dimension 256)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'hashed-projection-256' (dimension 128)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Loading_without_a_provider_says_that_one_is_needed(string kind)
    {
        var bytes = await FitAndSerialize(kind, 7);

        var error = Assert.Throws<InvalidOperationException>(() => StudentModelFile.Deserialize(bytes, new StudentModelReaders()));

        Assert.Contains($"'{kind}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("WithEmbeddings", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Truncated_or_altered_bytes_are_refused(string kind)
    {
        var bytes = await FitAndSerialize(kind, 7);
        var readers = StudentModelReaders.WithEmbeddings(Provider);
        var altered = (byte[])bytes.Clone();
        altered[bytes.Length / 2] ^= 0x10;

        Assert.Throws<StudentModelFormatException>(() => StudentModelFile.Deserialize(bytes.AsSpan(..^1), readers));
        Assert.Throws<StudentModelFormatException>(() => StudentModelFile.Deserialize(bytes.AsSpan(..(bytes.Length / 2)), readers));
        var error = Assert.Throws<StudentModelFormatException>(() => StudentModelFile.Deserialize(altered, readers));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }
}

using Distillery.Contracts.Training;
using Distillery.Training.Embeddings;
using Distillery.Training.Persistence;
using Distillery.Training.Service;
using Distillery.Training.Students;
using Distillery.UnitTests.Training.Encoders;

namespace Distillery.UnitTests.Training;

/// <summary>An embedding student on the real encoder: trained through the factory, saved, loaded by the encoder its file names.</summary>
public sealed class EncoderStudentModelFileTests
{
    private static readonly TrainingSet Data = SyntheticTopics.Hard(40, 1);
    private static readonly List<string> Texts = SyntheticTopics.Make(10, 99).Texts;

    private static async Task<byte[]> TrainAsync(EncoderEmbeddingSource encoders)
    {
        var recipe = new StudentFactory(encoders).Create(new StudentSpecification("embedding-logreg", "probe", new Dictionary<string, string> { ["max_length"] = "32" }));
        return StudentModelFile.Serialize((await recipe.Student.FitAsync(Data, 7)).Model);
    }

    [Fact]
    public async Task A_stored_student_is_loaded_with_the_encoder_and_max_length_it_names_and_predicts_the_same()
    {
        using var encoders = new EncoderEmbeddingSource(new CountingCatalog(), new FileEmbeddingCache());
        var bytes = await TrainAsync(encoders);
        var trained = StudentModelFile.Deserialize(bytes, StudentModelReaders.WithEmbeddings(encoders));
        using var elsewhere = new EncoderEmbeddingSource(new CountingCatalog());

        var loaded = StudentModelFile.Deserialize(bytes, StudentModelReaders.WithEmbeddings(elsewhere));

        var probabilities = await loaded.PredictProbabilitiesAsync(Texts);
        Assert.Equal(await trained.PredictProbabilitiesAsync(Texts), probabilities);
        Assert.True(SyntheticTopics.Accuracy(await loaded.PredictAsync(SyntheticTopics.Make(40, 5).Texts), SyntheticTopics.Make(40, 5).Labels) >= 0.8);
    }

    [Fact]
    public async Task A_stored_student_of_other_weights_or_another_provider_is_refused_by_name()
    {
        using var encoders = new EncoderEmbeddingSource(new CountingCatalog());
        var bytes = await TrainAsync(encoders);
        using var otherWeights = new EncoderEmbeddingSource(new CountingCatalog(claimedSha256: new string('0', 64)));
        var hashed = StudentModelFile.Serialize((await EmbeddingStudentTests.Student("embedding-logreg").FitAsync(Data, 7)).Model);

        var other = Assert.Throws<EmbeddingProviderMismatchException>(() => StudentModelFile.Deserialize(bytes, StudentModelReaders.WithEmbeddings(otherWeights)));
        var unknown = Assert.Throws<EmbeddingProviderMismatchException>(() => StudentModelFile.Deserialize(hashed, StudentModelReaders.WithEmbeddings(encoders)));

        Assert.Contains("'all-minilm-l6-v2@4a64cee3d413/32' (dimension 384)", other.Message, StringComparison.Ordinal);
        Assert.Contains("'all-minilm-l6-v2@000000000000/32'", other.Message, StringComparison.Ordinal);
        Assert.Contains("'hashed-projection-256' (dimension 256), which this process cannot compute", unknown.Message, StringComparison.Ordinal);
    }
}

using Distillery.Contracts.Training;
using Distillery.Training.Embeddings;
using Distillery.Training.Encoders;
using Distillery.Training.Students.EmbeddingLogReg;
using Distillery.Training.Students.EmbeddingMlp;
using Distillery.Training.Students.Finetune;

namespace Distillery.Training.Service;

/// <summary>
/// How a report names a student: <c>name (kind)</c>, and for the students that start from a
/// pretrained encoder also the encoder and the length texts are cut to, since both change what
/// the student can learn. Local and distributed reports name students through this one function.
/// </summary>
public static class StudentDescriptions
{
    public static string Describe(StudentSpecification student)
    {
        ArgumentNullException.ThrowIfNull(student);
        var name = student.Name.Length > 0 ? student.Name : student.Kind;
        var defaultLength = student.Kind switch
        {
            EmbeddingLogRegStudent.KindName or EmbeddingMlpStudent.KindName => EncoderEmbeddingSource.DefaultMaxLength,
            FinetuneStudent.KindName => new FinetuneOptions().MaxLength,
            _ => (int?)null,
        };
        if (defaultLength is null)
        {
            return $"{name} ({student.Kind})";
        }

        var encoder = Encoder(student)!;
        var maxLength = student.Settings.GetValueOrDefault("max_length")?.Trim() is { Length: > 0 } length ? length : defaultLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{name} ({student.Kind}, encoder {encoder}, max_length {maxLength})";
    }

    /// <summary>The encoder a student starts from, or null for a student that has none (TF-IDF).</summary>
    public static string? Encoder(StudentSpecification student)
    {
        ArgumentNullException.ThrowIfNull(student);
        return student.Kind is EmbeddingLogRegStudent.KindName or EmbeddingMlpStudent.KindName or FinetuneStudent.KindName
            ? student.Settings.GetValueOrDefault("encoder")?.Trim() is { Length: > 0 } named ? named : PackagedMiniLm.Name
            : null;
    }
}

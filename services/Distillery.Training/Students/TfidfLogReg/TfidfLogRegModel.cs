using Distillery.Domain.Metrics;
using Distillery.Training.Features;
using Distillery.Training.Models;

namespace Distillery.Training.Students.TfidfLogReg;

/// <summary>A trained <c>tfidf-logreg</c> student: its vocabulary with idf, and its logistic head.</summary>
public sealed class TfidfLogRegModel(LabelSet labels, TfidfVectorizer vectorizer, LogisticRegressionHead head) : IStudentModel
{
    public string Kind => TfidfLogRegStudent.KindName;

    public LabelSet Labels { get; } = labels;

    public TfidfVectorizer Vectorizer { get; } = vectorizer;

    public LogisticRegressionHead Head { get; } = head;

    public Task<double[][]> PredictProbabilitiesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Task.FromResult(Head.PredictProbabilities(Vectorizer.Transform(texts)));

    internal int[] PredictIndices(IReadOnlyList<string> texts) =>
        [.. Head.PredictProbabilities(Vectorizer.Transform(texts)).Select(TrainingSet.ArgMax)];

    public void WritePayload(BinaryWriter writer)
    {
        StudentPayload.WriteLabels(writer, Labels);
        var options = Vectorizer.Options;
        writer.Write(options.NGramMax);
        writer.Write(options.CharNGrams);
        writer.Write(options.SublinearTf);
        writer.Write(options.MinDf);
        writer.Write(options.MaxDf);
        writer.Write(options.MaxFeatures ?? -1);
        writer.Write(Vectorizer.Terms.Count);
        for (var i = 0; i < Vectorizer.Terms.Count; i++)
        {
            writer.Write(Vectorizer.Terms[i]);
            writer.Write(Vectorizer.Idf[i]);
        }

        Head.Write(writer);
    }

    public static TfidfLogRegModel ReadPayload(BinaryReader reader)
    {
        var labels = StudentPayload.ReadLabels(reader);
        var options = new TfidfOptions
        {
            NGramMax = reader.ReadInt32(),
            CharNGrams = reader.ReadBoolean(),
            SublinearTf = reader.ReadBoolean(),
            MinDf = reader.ReadDouble(),
            MaxDf = reader.ReadDouble(),
            MaxFeatures = reader.ReadInt32() is var limit && limit >= 0 ? limit : null,
        };
        var count = reader.ReadInt32();
        var terms = new string[count];
        var idf = new double[count];
        for (var i = 0; i < count; i++)
        {
            terms[i] = reader.ReadString();
            idf[i] = reader.ReadDouble();
        }

        return new TfidfLogRegModel(labels, new TfidfVectorizer(options, terms, idf), LogisticRegressionHead.Read(reader));
    }
}

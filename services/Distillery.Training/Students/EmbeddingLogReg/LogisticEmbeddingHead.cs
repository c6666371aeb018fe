using Distillery.Training.Features;
using Distillery.Training.Models;

namespace Distillery.Training.Students.EmbeddingLogReg;

/// <summary>The logistic head read as an embedding head: embeddings become the (dense) feature rows.</summary>
public sealed class LogisticEmbeddingHead(LogisticRegressionHead head) : IEmbeddingHead
{
    public LogisticRegressionHead Head { get; } = head;

    public int Classes => Head.Classes;

    public int Inputs => Head.Features;

    public double[][] PredictProbabilities(IReadOnlyList<float[]> embeddings) =>
        Head.PredictProbabilities(SparseMatrix.FromDense(embeddings, Inputs));

    public void Write(BinaryWriter writer) => Head.Write(writer);

    public static LogisticEmbeddingHead Read(BinaryReader reader) => new(LogisticRegressionHead.Read(reader));
}

using Distillery.Domain.Metrics;

namespace Distillery.Training.Students;

/// <summary>Pieces every student payload writes the same way.</summary>
public static class StudentPayload
{
    public static void WriteLabels(BinaryWriter writer, LabelSet labels)
    {
        writer.Write(labels.Count);
        foreach (var label in labels)
        {
            writer.Write(label);
        }
    }

    public static LabelSet ReadLabels(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return new LabelSet(Enumerable.Range(0, count).Select(_ => reader.ReadString()).ToList());
    }
}

using System.Runtime.InteropServices;
using Distillery.Training.Encoders;
using Distillery.Training.Persistence;

namespace Distillery.Training.Students.Finetune;

/// <summary>Named float32 tensors in a student payload: count, then per tensor its name, rank, dimensions and values (little-endian).</summary>
internal static class TensorPayload
{
    public static void Write(BinaryWriter writer, IReadOnlyList<KeyValuePair<string, WeightTensor>> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            writer.Write(name);
            writer.Write(tensor.Shape.Length);
            foreach (var dim in tensor.Shape)
            {
                writer.Write(dim);
            }

            writer.Write(MemoryMarshal.AsBytes(tensor.Values.AsSpan()));
        }
    }

    public static List<KeyValuePair<string, WeightTensor>> Read(BinaryReader reader, string kind)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 100_000)
        {
            throw new StudentModelFormatException($"a '{kind}' payload claims {count} tensors");
        }

        var tensors = new List<KeyValuePair<string, WeightTensor>>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var rank = reader.ReadInt32();
            if (rank is < 0 or > 8)
            {
                throw new StudentModelFormatException($"a '{kind}' payload gives tensor '{name}' rank {rank}");
            }

            var shape = new long[rank];
            for (var d = 0; d < rank; d++)
            {
                shape[d] = reader.ReadInt64();
            }

            var length = shape.Aggregate(1L, (product, dim) => dim < 0 ? -1 : product * dim);
            if (length < 0 || length > int.MaxValue / sizeof(float))
            {
                throw new StudentModelFormatException($"a '{kind}' payload gives tensor '{name}' the shape [{string.Join(", ", shape)}]");
            }

            var bytes = reader.ReadBytes((int)length * sizeof(float));
            if (bytes.Length != length * sizeof(float))
            {
                throw new EndOfStreamException();
            }

            tensors.Add(new(name, new WeightTensor(shape, MemoryMarshal.Cast<byte, float>(bytes).ToArray())));
        }

        return tensors;
    }
}

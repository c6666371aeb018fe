using Distillery.Training.Students;
using Distillery.Training.Students.TfidfLogReg;

namespace Distillery.Training.Persistence;

/// <summary>Which reader turns a payload of each student kind back into a model.</summary>
public sealed class StudentModelReaders
{
    private readonly Dictionary<string, Func<BinaryReader, IStudentModel>> _readers = new(StringComparer.Ordinal)
    {
        [TfidfLogRegStudent.KindName] = TfidfLogRegModel.ReadPayload,
    };

    public StudentModelReaders Add(string kind, Func<BinaryReader, IStudentModel> reader)
    {
        _readers[kind] = reader;
        return this;
    }

    internal IStudentModel Read(string kind, BinaryReader reader, string source) =>
        _readers.TryGetValue(kind, out var read)
            ? read(reader)
            : throw new StudentModelFormatException($"{source}: unknown student kind '{kind}' (known: {string.Join(", ", _readers.Keys)})");
}

using Distillery.Domain.Metrics;
using Distillery.Training.Persistence;
using Distillery.Training.Students;
using Distillery.Training.Students.TfidfLogReg;

namespace Distillery.UnitTests.Training;

public sealed class StudentModelFileTests
{
    private static async Task<byte[]> ModelBytes()
    {
        var (texts, labels) = SyntheticTexts.Make(60, 1);
        var data = TrainingSet.FromHardLabels("t", texts, labels, new LabelSet(["sport", "money"]));
        return StudentModelFile.Serialize((await new TfidfLogRegStudent(new TfidfLogRegOptions()).FitAsync(data, 1)).Model);
    }

    [Fact]
    public async Task Truncated_file_is_refused_with_a_clear_error()
    {
        var bytes = await ModelBytes();

        var error = Assert.Throws<StudentModelFormatException>(() => StudentModelFile.Deserialize(bytes.AsSpan(0, bytes.Length - 100), new StudentModelReaders(), "m.model"));

        Assert.Equal("m.model: checksum mismatch: the file is truncated or corrupted", error.Message);
    }

    [Fact]
    public async Task A_single_altered_byte_is_detected()
    {
        var bytes = await ModelBytes();
        bytes[bytes.Length / 2] ^= 0x01;

        Assert.Throws<StudentModelFormatException>(() => StudentModelFile.Deserialize(bytes, new StudentModelReaders()));
    }

    [Fact]
    public void Foreign_file_is_refused()
    {
        var error = Assert.Throws<StudentModelFormatException>(() => StudentModelFile.Deserialize("{\"not\": \"a model\"} and then some more bytes here"u8, new StudentModelReaders(), "x.json"));

        Assert.Equal("x.json: not a Distillery student model (no DSTLMODL header)", error.Message);
    }

    [Fact]
    public async Task Unknown_version_is_refused_naming_it()
    {
        var bytes = await ModelBytes();
        bytes[8] = 9;

        var error = Assert.Throws<StudentModelFormatException>(() => StudentModelFile.Deserialize(bytes, new StudentModelReaders()));

        Assert.Contains("format version 9 is not supported", error.Message, StringComparison.Ordinal);
    }
}

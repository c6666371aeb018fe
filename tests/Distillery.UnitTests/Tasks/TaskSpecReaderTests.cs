using Distillery.Domain.Specs;
using Distillery.Domain.Tasks;

namespace Distillery.UnitTests.Tasks;

public sealed class TaskSpecReaderTests
{
    internal const string ValidTask = """
        name: spam
        description: Unsolicited bulk e-mail.
        codebook:
          instructions: Decide whether the e-mail is spam.
          labels:
            - name: spam
              definition: Unsolicited bulk or commercial e-mail.
            - name: ham
              definition: Anything a person would want to receive.
          positive_label: spam
          examples:
            - text: WIN A FREE CRUISE NOW
              label: spam
        data:
          path: documents.jsonl
          group_column: group
        splits:
          validation: 20
          training_pool: 0.5
          test: 30
        seed: 42
        """;

    private static TaskSpec Parse(string yaml) => TaskSpecReader.Read(SpecFile.Parse(yaml, "task.yaml"), "/data/spam");

    [Fact]
    public void Valid_spec_is_read_whole()
    {
        var task = Parse(ValidTask);

        Assert.Equal("spam", task.Name);
        Assert.Equal(["spam", "ham"], task.Codebook.LabelNames);
        Assert.Equal("spam", task.Codebook.PositiveLabel);
        Assert.Equal(new FewShotExample("WIN A FREE CRUISE NOW", "spam"), Assert.Single(task.Codebook.Examples));
        Assert.Equal("/data/spam/documents.jsonl", task.Data.Path);
        Assert.Equal(DataFormat.Jsonl, task.Data.Format);
        Assert.Equal(("id", "text", "label", "group"), (task.Data.IdColumn, task.Data.TextColumn, task.Data.LabelColumn, task.Data.GroupColumn));
        Assert.Equal(20, task.Splits.Validation.Resolve(1000));
        Assert.Equal(500, task.Splits.TrainingPool.Resolve(1000));
        Assert.Equal(42UL, task.Seed);
    }

    [Theory]
    [InlineData("      label: spam\n", "      label: spamm\n", "task.yaml:13:14: example label 'spamm' is not in the codebook (allowed: spam, ham)")]
    [InlineData("  positive_label: spam\n", "  positive_label: junk\n", "task.yaml:10:19: positive_label 'junk' is not in the codebook")]
    [InlineData("  group_column: group\n", "  group_colum: group\n", "task.yaml:16:3: unknown key 'group_colum' in 'data'")]
    [InlineData("  test: 30\n", "  test: thirty\n", "task.yaml:20:9: 'splits.test' must be a whole number, not 'thirty'")]
    [InlineData("  training_pool: 0.5\n", "  training_pool: 1.5\n", "task.yaml:19:18: 'splits.training_pool' must be between 0 and 1")]
    [InlineData("name: spam\n", "name: Spam Task\n", "task.yaml:1:7: task name 'Spam Task' must be lower-case")]
    [InlineData("seed: 42", "seed: -1", "task.yaml:21:7: 'seed' must be a non-negative whole number")]
    [InlineData("  positive_label: spam\n", "", "task.yaml:4:3: a binary codebook needs 'positive_label'")]
    [InlineData("  path: documents.jsonl\n", "  path: documents.txt\n", "task.yaml:15:9: cannot tell the format of 'documents.txt'")]
    public void Each_mistake_is_reported_at_its_line_and_column(string good, string bad, string expected)
    {
        Assert.Contains(good, ValidTask, StringComparison.Ordinal);

        var error = Assert.Throws<SpecException>(() => Parse(ValidTask.Replace(good, bad, StringComparison.Ordinal)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_is_located()
    {
        var error = Assert.Throws<SpecException>(() => Parse("name: spam\ncodebook: [unclosed\n"));

        Assert.StartsWith("task.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_section_is_named()
    {
        var error = Assert.Throws<SpecException>(() => Parse("name: spam\nseed: 1\n"));

        Assert.Contains("needs 'codebook'", error.Message, StringComparison.Ordinal);
    }
}

using Distillery.Labeling.Answers;

namespace Distillery.UnitTests.Labeling;

public sealed class LabelAnswerParserTests
{
    private static readonly string[] Labels = ["spam", "ham", "not sure yet"];

    [Theory]
    [InlineData("spam", "spam")]
    [InlineData(" Spam.\n", "spam")]
    [InlineData("\"HAM\"", "ham")]
    [InlineData("**ham**", "ham")]
    [InlineData("Label: spam", "spam")]
    [InlineData("answer:  `ham`", "ham")]
    [InlineData("Not   sure\nyet", "not sure yet")]
    public void Normalised_answers_that_equal_a_label_are_that_label(string answer, string expected) =>
        Assert.Equal(expected, LabelAnswerParser.Parse(answer, Labels));

    [Theory]
    [InlineData("probably spam")]
    [InlineData("spam or ham")]
    [InlineData("spammy")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Anything_else_is_an_abstention(string? answer) => Assert.Null(LabelAnswerParser.Parse(answer, Labels));

    [Fact]
    public void Labels_that_differ_only_in_case_cannot_be_told_apart() =>
        Assert.Null(LabelAnswerParser.Parse("yes", ["Yes", "yes"]));
}

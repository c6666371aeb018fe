using Distillery.Labeling.Answers;

namespace Distillery.UnitTests.Labeling;

public sealed class LabelProbabilitiesTests
{
    [Fact]
    public void First_token_alternatives_are_summed_per_label_and_normalised()
    {
        var probabilities = LabelProbabilities.FromFirstToken(
            [new(" spam", Math.Log(0.6)), new("Spam", Math.Log(0.1)), new("ham", Math.Log(0.2)), new("The", Math.Log(0.1))],
            ["spam", "ham"])!;

        Assert.Equal(0.7 / 0.9, probabilities[0], 1e-12);
        Assert.Equal(0.2 / 0.9, probabilities[1], 1e-12);
    }

    [Fact]
    public void A_token_that_begins_a_multi_token_label_counts_for_it()
    {
        var probabilities = LabelProbabilities.FromFirstToken([new("neg", Math.Log(0.5)), new("pos", Math.Log(0.5))], ["negative", "positive"])!;

        Assert.Equal([0.5, 0.5], probabilities);
    }

    [Fact]
    public void When_the_first_token_cannot_tell_labels_apart_there_is_no_distribution()
    {
        Assert.Null(LabelProbabilities.FromFirstToken([new("pro", Math.Log(0.9))], ["pro-choice", "pro-life"]));
        Assert.Null(LabelProbabilities.FromFirstToken([new("maybe", Math.Log(0.9))], ["spam", "ham"]));
    }
}

using Distillery.Training.Features;
using Distillery.Training.Text;

namespace Distillery.UnitTests.Training;

public sealed class TfidfVectorizerTests
{
    [Fact]
    public void Tokens_are_lower_case_words_of_two_or_more_word_characters()
    {
        Assert.Equal(["the", "jury", "said", "it", "was_ok", "in", "1961", "naïve"], WordTokenizer.Tokens("The JURY said: it was_ok in 1961, a naïve (x)"));
    }

    [Fact]
    public void Terms_are_unigrams_then_bigrams_joined_by_a_space()
    {
        var terms = TermExtractor.Terms("Free cruise now", new TfidfOptions { NGramMax = 2 });

        Assert.Equal(["free", "cruise", "now", "free cruise", "cruise now"], terms);
    }

    [Fact]
    public void Idf_is_smoothed_and_rows_are_l2_normalised_as_scikit_learn_does()
    {
        string[] texts = ["apple banana apple", "banana cherry", "cherry cherry date"];
        var vectorizer = TfidfVectorizer.Fit(texts, new TfidfOptions { NGramMax = 1, MinDf = 1, SublinearTf = true });

        Assert.Equal(["apple", "banana", "cherry", "date"], vectorizer.Terms);
        // idf = ln((1 + n) / (1 + df)) + 1 with n = 3.
        Assert.Equal(Math.Log(4.0 / 2.0) + 1, vectorizer.Idf[0], 12);
        Assert.Equal(Math.Log(4.0 / 3.0) + 1, vectorizer.Idf[1], 12);
        var x = vectorizer.Transform(texts);
        var apple = (1 + Math.Log(2)) * vectorizer.Idf[0];
        var banana = vectorizer.Idf[1];
        var norm = Math.Sqrt((apple * apple) + (banana * banana));
        Assert.Equal([0, 1], x.ColumnIndices[x.RowStarts[0]..x.RowStarts[1]]);
        Assert.Equal(apple / norm, x.Values[0], 12);
        Assert.Equal(banana / norm, x.Values[1], 12);
    }

    [Fact]
    public void Min_df_and_max_features_prune_the_vocabulary()
    {
        string[] texts = ["aa bb cc", "aa bb", "aa dd"];

        Assert.Equal(["aa", "bb"], TfidfVectorizer.Fit(texts, new TfidfOptions { NGramMax = 1, MinDf = 2 }).Terms);
        Assert.Equal(["bb", "cc", "dd"], TfidfVectorizer.Fit(texts, new TfidfOptions { NGramMax = 1, MinDf = 1, MaxDf = 0.9 }).Terms);
        Assert.Equal(["aa"], TfidfVectorizer.Fit(texts, new TfidfOptions { NGramMax = 1, MinDf = 1, MaxFeatures = 1 }).Terms);
    }
}

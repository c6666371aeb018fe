namespace Distillery.Training.Features;

/// <summary>
/// TF-IDF settings, named after scikit-learn's <c>TfidfVectorizer</c> parameters they mirror.
/// <see cref="MinDf"/> below 1 and <see cref="MaxDf"/> up to 1 are fractions of the documents,
/// larger values whole counts, as scikit-learn's floats and ints are.
/// </summary>
public sealed record TfidfOptions
{
    /// <summary>Word n-grams from 1 up to this length (scikit-learn's <c>ngram_range=(1, n)</c>).</summary>
    public int NGramMax { get; init; } = 2;

    /// <summary>Also character n-grams inside word boundaries (<c>analyzer='char_wb'</c>), lengths 2 to 5.</summary>
    public bool CharNGrams { get; init; }

    /// <summary>1 + ln(tf) instead of the raw count.</summary>
    public bool SublinearTf { get; init; } = true;

    /// <summary>Drop terms in fewer documents than this (count, or fraction below 1).</summary>
    public double MinDf { get; init; } = 2;

    /// <summary>Drop terms in more documents than this (count, or fraction up to 1).</summary>
    public double MaxDf { get; init; } = 1.0;

    /// <summary>Keep only the most frequent terms (by count over the corpus); null keeps all.</summary>
    public int? MaxFeatures { get; init; }

    public const int CharNGramMin = 2;
    public const int CharNGramMax = 5;

    public void Validate()
    {
        if (NGramMax is < 1 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(NGramMax), NGramMax, "ngram_max must be between 1 and 5");
        }

        if (MinDf < 0 || MaxDf <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinDf), "min_df must be >= 0 and max_df > 0");
        }

        if (MaxFeatures is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFeatures), MaxFeatures, "max_features must be positive");
        }
    }
}

using System.Runtime.InteropServices;

namespace Distillery.Training.Features;

/// <summary>
/// A fitted TF-IDF vocabulary: terms (column order is ordinal term order, so the same texts give
/// the same columns everywhere) and their smoothed inverse document frequencies,
/// idf = ln((1 + n) / (1 + df)) + 1, as scikit-learn computes them. Rows are L2-normalised.
/// </summary>
public sealed class TfidfVectorizer
{
    private readonly Dictionary<string, int> _columns;

    public TfidfVectorizer(TfidfOptions options, IReadOnlyList<string> terms, double[] idf)
    {
        if (terms.Count != idf.Length)
        {
            throw new ArgumentException("one idf per term is needed");
        }

        Options = options;
        Terms = terms;
        Idf = idf;
        _columns = new Dictionary<string, int>(terms.Count, StringComparer.Ordinal);
        for (var i = 0; i < terms.Count; i++)
        {
            _columns.Add(terms[i], i);
        }
    }

    public TfidfOptions Options { get; }

    public IReadOnlyList<string> Terms { get; }

    public double[] Idf { get; }

    /// <summary>Learns the vocabulary and idf from <paramref name="texts"/>.</summary>
    public static TfidfVectorizer Fit(IReadOnlyList<string> texts, TfidfOptions options) => FitTransform(texts, options).Vectorizer;

    /// <summary>
    /// Learns the vocabulary and idf and returns the training rows in one pass over the texts:
    /// each term occurrence costs one hash lookup, and the rows are built from the term
    /// indices found while counting rather than by extracting the terms a second time.
    /// </summary>
    public static (TfidfVectorizer Vectorizer, SparseMatrix Rows) FitTransform(IReadOnlyList<string> texts, TfidfOptions options)
    {
        options.Validate();
        var termsPerText = new List<string>[texts.Count];
        Parallel.For(0, texts.Count, i => termsPerText[i] = TermExtractor.Terms(texts[i], options));

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var documentFrequency = new List<int>();
        var totalCount = new List<long>();
        var lastText = new List<int>();
        var occurrences = new int[texts.Count][];
        for (var text = 0; text < termsPerText.Length; text++)
        {
            var terms = termsPerText[text];
            var found = new int[terms.Count];
            for (var t = 0; t < terms.Count; t++)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, terms[t], out var exists);
                if (!exists)
                {
                    slot = documentFrequency.Count;
                    documentFrequency.Add(0);
                    totalCount.Add(0);
                    lastText.Add(-1);
                }

                found[t] = slot;
                totalCount[slot]++;
                if (lastText[slot] != text)
                {
                    lastText[slot] = text;
                    documentFrequency[slot]++;
                }
            }

            occurrences[text] = found;
        }

        var n = texts.Count;
        var minDf = options.MinDf < 1 ? options.MinDf * n : options.MinDf;
        var maxDf = options.MaxDf <= 1 ? options.MaxDf * n : options.MaxDf;
        IEnumerable<KeyValuePair<string, int>> kept = index.Where(term => documentFrequency[term.Value] >= minDf && documentFrequency[term.Value] <= maxDf);
        if (options.MaxFeatures is { } limit)
        {
            kept = kept.OrderByDescending(term => totalCount[term.Value]).ThenBy(term => term.Key, StringComparer.Ordinal).Take(limit);
        }

        var vocabulary = kept.OrderBy(term => term.Key, StringComparer.Ordinal).ToArray();
        var column = new int[documentFrequency.Count];
        Array.Fill(column, -1);
        var idf = new double[vocabulary.Length];
        for (var c = 0; c < vocabulary.Length; c++)
        {
            column[vocabulary[c].Value] = c;
            idf[c] = Math.Log((1.0 + n) / (1.0 + documentFrequency[vocabulary[c].Value])) + 1.0;
        }

        var vectorizer = new TfidfVectorizer(options, [.. vocabulary.Select(term => term.Key)], idf);
        var rows = new (int[] Columns, double[] Values)[texts.Count];
        Parallel.For(0, texts.Count, text =>
        {
            var columns = new List<int>(occurrences[text].Length);
            foreach (var term in occurrences[text])
            {
                if (column[term] >= 0)
                {
                    columns.Add(column[term]);
                }
            }

            rows[text] = vectorizer.Weigh(columns);
        });
        return (vectorizer, SparseMatrix.FromRows(vocabulary.Length, rows));
    }

    /// <summary>The L2-normalised TF-IDF rows of <paramref name="texts"/>; a text with no known term is a zero row.</summary>
    public SparseMatrix Transform(IReadOnlyList<string> texts)
    {
        var rows = new (int[] Columns, double[] Values)[texts.Count];
        Parallel.For(0, texts.Count, i => rows[i] = Row(texts[i]));
        return SparseMatrix.FromRows(Terms.Count, rows);
    }

    private (int[] Columns, double[] Values) Row(string text)
    {
        var columns = new List<int>();
        foreach (var term in TermExtractor.Terms(text, Options))
        {
            if (_columns.TryGetValue(term, out var column))
            {
                columns.Add(column);
            }
        }

        return Weigh(columns);
    }

    /// <summary>One row from the columns of a text's term occurrences (repeats count): tf, idf, L2 norm.</summary>
    private (int[] Columns, double[] Values) Weigh(List<int> occurrences)
    {
        occurrences.Sort();
        var columns = new List<int>();
        var values = new List<double>();
        var norm = 0.0;
        for (var i = 0; i < occurrences.Count;)
        {
            var column = occurrences[i];
            var run = i;
            while (run < occurrences.Count && occurrences[run] == column)
            {
                run++;
            }

            var tf = (double)(run - i);
            var value = (Options.SublinearTf ? 1.0 + Math.Log(tf) : tf) * Idf[column];
            columns.Add(column);
            values.Add(value);
            norm += value * value;
            i = run;
        }

        var weights = values.ToArray();
        if (norm > 0)
        {
            var scale = 1.0 / Math.Sqrt(norm);
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] *= scale;
            }
        }

        return (columns.ToArray(), weights);
    }
}

using Distillery.Training.Embeddings;
using Distillery.Training.Text;

namespace Distillery.UnitTests.Training;

/// <summary>
/// A test fixture, not a language model: a deterministic, stateless embedding that lets head
/// tests run in milliseconds without the encoder (the embedding students use all-MiniLM-L6-v2):
/// the lower-cased word unigrams and bigrams of <see cref="WordTokenizer"/> are feature-hashed
/// into 2^20 buckets with sublinear term frequency (1 + ln count), projected to
/// <see cref="Dimension"/> values by a sparse random ±1 matrix (Achlioptas: +1 and −1 with
/// probability 1/6 each, else 0) and L2-normalised. The matrix is never stored: each entry is
/// derived from a stable hash of its (bucket, dimension) pair, so two texts sharing words get
/// similar vectors and every run on every machine gives the same bits.
/// </summary>
/// <remarks>
/// The hashed vector is not normalised before the projection: the projection is linear and
/// the result is normalised, so that would not change the output's direction. Only integer
/// arithmetic, IEEE +, −, ×, ÷ and √, and <see cref="PortableLog"/> are used, in a fixed order.
/// A change to any of this gives different vectors and must come with a new <see cref="Name"/>,
/// since stored students record the name they were trained on. A text with no word of two or
/// more characters has the zero vector.
/// </remarks>
internal sealed class HashedProjectionTestEmbeddings : IEmbeddingProvider
{
    public const int DefaultDimension = 256;

    /// <summary>2^20 buckets: collisions between the words of a task's vocabulary stay rare.</summary>
    public const int BucketBits = 20;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const ulong ProjectionSeed = 0x5DEECE66DA3B1F27UL;

    public HashedProjectionTestEmbeddings(int dimension = DefaultDimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Dimension = dimension;
        Name = $"hashed-projection-{dimension}";
    }

    public string Name { get; }

    public int Dimension { get; }

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors[i] = Embed(texts[i]);
        }

        return Task.FromResult(vectors);
    }

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = BucketCounts(text);
        var buckets = counts.Keys.ToArray();
        Array.Sort(buckets);
        var projected = new double[Dimension];
        foreach (var bucket in buckets)
        {
            var weight = 1.0 + PortableLog.Log(counts[bucket]);
            for (var d = 0; d < Dimension; d++)
            {
                switch (ProjectionEntry(bucket, d))
                {
                    case > 0:
                        projected[d] += weight;
                        break;
                    case < 0:
                        projected[d] -= weight;
                        break;
                    default:
                        break;
                }
            }
        }

        var squares = 0.0;
        foreach (var value in projected)
        {
            squares += value * value;
        }

        var vector = new float[Dimension];
        if (squares > 0)
        {
            var norm = Math.Sqrt(squares);
            for (var d = 0; d < Dimension; d++)
            {
                vector[d] = (float)(projected[d] / norm);
            }
        }

        return vector;
    }

    /// <summary>The projection matrix entry of (bucket, dimension): +1 or −1 with probability 1/6 each, else 0.</summary>
    internal static int ProjectionEntry(int bucket, int dimension)
    {
        var key = ((ulong)(uint)bucket << 32) | (uint)dimension;
        var draw = ((Mix(key ^ ProjectionSeed) >> 32) * 6) >> 32;
        return draw switch
        {
            0 => 1,
            1 => -1,
            _ => 0,
        };
    }

    /// <summary>How often each bucket's unigrams and bigrams occur in the text.</summary>
    private static Dictionary<int, int> BucketCounts(string text)
    {
        var tokens = WordTokenizer.Tokens(text);
        var counts = new Dictionary<int, int>();
        var hashes = new ulong[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            hashes[i] = Fnv(FnvOffset, tokens[i]);
            Count(counts, hashes[i]);
        }

        // A bigram hashes as the string "first second", continuing the first word's hash.
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            Count(counts, Fnv(Fnv(hashes[i], " "), tokens[i + 1]));
        }

        return counts;
    }

    private static void Count(Dictionary<int, int> counts, ulong termHash)
    {
        var bucket = (int)(Mix(termHash) >> (64 - BucketBits));
        counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
    }

    /// <summary>FNV-1a over the UTF-16 code units, which are the same on every platform.</summary>
    private static ulong Fnv(ulong hash, string value)
    {
        foreach (var c in value)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }

    /// <summary>The SplitMix64 finaliser: a bijection that spreads every input bit over the output.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

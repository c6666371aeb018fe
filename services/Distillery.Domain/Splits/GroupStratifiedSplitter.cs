using Distillery.Domain.Data;
using Distillery.Domain.Randomness;
using Distillery.Domain.Tasks;

namespace Distillery.Domain.Splits;

/// <summary>
/// Splits a corpus into validation, training pool and test: disjoint, stratified by human
/// label, and group-aware (all passages of one source document land in the same split, or
/// test scores would be inflated by near-duplicates seen in training).
/// </summary>
/// <remarks>
/// Groups and documents are ordered by a hash of (seed, id), not by file position or by
/// <see cref="Random"/>, so the same spec and seed give the same ids on every machine even if
/// the file is reordered. Groups are dealt, per stratum (the group's majority label), to the
/// test and validation splits, whichever is furthest from its quota, until both are full; the
/// training pool is then filled from the remaining groups, labelled or not. A split that
/// receives more documents of a label than its quota keeps the first ones in hash order: the
/// rest are left out rather than moved, which would put one group in two splits.
/// </remarks>
public static class GroupStratifiedSplitter
{
    private const string Unlabelled = "";

    public static TaskSplits Split(Corpus corpus, SplitSpec spec, ulong seed, string task)
    {
        var labelled = corpus.Labelled.Count;
        var validationSize = spec.Validation.Resolve(labelled);
        var testSize = spec.Test.Resolve(labelled);
        var poolSize = spec.TrainingPool.Resolve(labelled);
        if (validationSize + testSize > labelled)
        {
            throw new SplitException(
                $"{At(spec.Test)}task '{task}': the validation ({validationSize}) and test ({testSize}) splits need " +
                $"{validationSize + testSize} human-labelled documents, but {corpus.Source} has {labelled}");
        }

        if (validationSize + testSize + poolSize > corpus.Documents.Count)
        {
            throw new SplitException(
                $"{At(spec.TrainingPool)}task '{task}': the splits need {validationSize + testSize + poolSize} documents " +
                $"(validation {validationSize}, training pool {poolSize}, test {testSize}), but {corpus.Source} has {corpus.Documents.Count}");
        }

        var groups = corpus.Documents
            .GroupBy(document => document.Group, StringComparer.Ordinal)
            .Select(group => new Group(group.Key, [.. group.OrderBy(document => StableHash.Of(seed, "document:" + document.Id))]))
            .OrderBy(group => StableHash.Of(seed, "group:" + group.Key))
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .ToList();

        // Labels in codebook-independent but fixed order, so quotas do not depend on dictionary order.
        var labelSizes = corpus.LabelCounts.OrderBy(count => count.Key, StringComparer.Ordinal).ToList();
        var test = new Bin("test", Apportionment.Divide(testSize, labelSizes));
        var validation = new Bin("validation", Apportionment.Divide(validationSize, labelSizes));
        Deal(groups.Where(group => group.Stratum is not null), [test, validation]);

        var remaining = groups.Where(group => !test.Holds(group) && !validation.Holds(group)).ToList();
        var remainingSizes = remaining.SelectMany(group => group.Documents)
            .GroupBy(document => document.Label ?? Unlabelled, StringComparer.Ordinal)
            .Select(stratum => KeyValuePair.Create(stratum.Key, stratum.Count()))
            .OrderBy(count => count.Key, StringComparer.Ordinal).ToList();
        var pool = new Bin("training pool", Apportionment.Divide(poolSize, remainingSizes));
        Deal(remaining, [pool]);

        return new TaskSplits(
            validation.Take(task, corpus.Source, seed),
            pool.Take(task, corpus.Source, seed),
            test.Take(task, corpus.Source, seed));
    }

    private static string At(Tasks.SplitSize size) => size.Location is { } location ? $"{location}: " : string.Empty;

    /// <summary>Deals groups, stratum by stratum, to the bin furthest from its quota for that stratum.</summary>
    private static void Deal(IEnumerable<Group> groups, IReadOnlyList<Bin> bins)
    {
        foreach (var stratum in groups.GroupBy(group => group.Stratum ?? Unlabelled, StringComparer.Ordinal))
        {
            foreach (var group in stratum)
            {
                var neediest = bins
                    .Select(bin => (Bin: bin, Need: bin.Need(stratum.Key)))
                    .Where(candidate => candidate.Need > 0)
                    .OrderByDescending(candidate => candidate.Need)
                    .Select(candidate => candidate.Bin)
                    .FirstOrDefault();
                if (neediest is null)
                {
                    break;
                }

                neediest.Add(group);
            }
        }
    }

    private sealed class Group(string key, IReadOnlyList<Document> documents)
    {
        public string Key { get; } = key;

        public IReadOnlyList<Document> Documents { get; } = documents;

        /// <summary>The majority human label (ties to the first in ordinal order); null when nothing in the group is labelled.</summary>
        public string? Stratum { get; } = documents
            .Where(document => document.Label is not null)
            .GroupBy(document => document.Label!, StringComparer.Ordinal)
            .OrderByDescending(label => label.Count())
            .ThenBy(label => label.Key, StringComparer.Ordinal)
            .Select(label => label.Key)
            .FirstOrDefault();
    }

    private sealed class Bin(string name, Dictionary<string, int> quotas)
    {
        private readonly List<Group> _groups = [];
        private readonly Dictionary<string, int> _filled = new(StringComparer.Ordinal);

        public bool Holds(Group group) => _groups.Contains(group);

        /// <summary>Share of the quota still missing, so bins of different sizes fill at the same pace.</summary>
        public double Need(string stratum)
        {
            var quota = quotas.GetValueOrDefault(stratum);
            return quota == 0 ? 0 : (double)(quota - _filled.GetValueOrDefault(stratum)) / quota;
        }

        public void Add(Group group)
        {
            _groups.Add(group);
            foreach (var document in group.Documents)
            {
                var stratum = document.Label ?? Unlabelled;
                _filled[stratum] = _filled.GetValueOrDefault(stratum) + 1;
            }
        }

        public IReadOnlyList<Document> Take(string task, string source, ulong seed)
        {
            var taken = new List<Document>();
            foreach (var (stratum, quota) in quotas.OrderBy(quota => quota.Key, StringComparer.Ordinal))
            {
                var candidates = _groups.SelectMany(group => group.Documents)
                    .Where(document => (document.Label ?? Unlabelled) == stratum)
                    .ToList();
                if (candidates.Count < quota)
                {
                    var what = stratum == Unlabelled ? "unlabelled" : $"labelled '{stratum}'";
                    throw new SplitException(
                        $"task '{task}': the {name} split needs {quota} documents {what}, but only {candidates.Count} " +
                        $"are left in {source} in source groups not already used by another split");
                }

                // Groups are in hash order, and documents within each: take the first ones.
                taken.AddRange(candidates.Take(quota));
            }

            return [.. taken.OrderBy(document => StableHash.Of(seed, "order:" + document.Id))];
        }
    }
}

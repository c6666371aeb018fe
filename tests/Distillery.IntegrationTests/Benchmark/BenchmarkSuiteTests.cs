using Distillery.Datasets.Benchmark;
using Distillery.Domain.Data;
using Distillery.Domain.Splits;
using Distillery.Domain.Tasks;
using Distillery.IntegrationTests.Infrastructure;

namespace Distillery.IntegrationTests.Benchmark;

[Collection(SharedBuiltSuite.Name)]
public sealed class BenchmarkSuiteTests(BuiltSuiteFixture suite)
{
    [CorporaFact]
    public void Building_twice_gives_the_same_files_and_hash()
    {
        Assert.Equal(suite.First.Sha256, suite.Second.Sha256);
        Assert.Equal(File.ReadAllText(suite.First.ManifestPath), File.ReadAllText(suite.Second.ManifestPath));
    }

    [CorporaFact]
    public void Suite_has_14_tasks_each_loadable_with_600_documents_and_both_classes_in_every_disjoint_split()
    {
        Assert.Equal(14, suite.First.Tasks.Count);
        Assert.Equal(14, suite.First.Tasks.Select(task => task.Name).Distinct().Count());
        foreach (var built in suite.First.Tasks)
        {
            var task = TaskSpecReader.Load(Path.Combine(suite.FirstFolder, built.Name, "task.yaml"));
            var corpus = CorpusLoader.Load(task.Data, task.Codebook);
            Assert.True(corpus.Documents.Count >= 600, $"{task.Name} has {corpus.Documents.Count} documents");
            Assert.Equal(built.Documents, corpus.Documents.Count);

            var splits = GroupStratifiedSplitter.Split(corpus, task.Splits, task.Seed, task.Name);
            foreach (var split in Enum.GetValues<SplitName>())
            {
                var counts = splits.LabelCounts(split);
                Assert.True(
                    task.Codebook.LabelNames.All(label => counts.GetValueOrDefault(label) > 0),
                    $"{task.Name}: {split} lacks a class ({string.Join(", ", counts.Select(count => $"{count.Key}={count.Value}"))})");
            }

            var groupsBySplit = Enum.GetValues<SplitName>().Select(split => splits[split].Select(document => document.Group).ToHashSet()).ToList();
            Assert.Empty(groupsBySplit[0].Intersect(groupsBySplit[1]));
            Assert.Empty(groupsBySplit[0].Intersect(groupsBySplit[2]));
            Assert.Empty(groupsBySplit[1].Intersect(groupsBySplit[2]));
            Assert.All(task.Codebook.Examples, example => Assert.DoesNotContain(corpus.Documents, document => document.Text.StartsWith(example.Text.TrimEnd('…', ' '), StringComparison.Ordinal)));
        }
    }

    [CorporaFact]
    public void Passages_of_one_source_document_share_a_group_so_splits_keep_them_together()
    {
        var task = TaskSpecReader.Load(Path.Combine(suite.FirstFolder, "brown-press", "task.yaml"));
        var corpus = CorpusLoader.Load(task.Data, task.Codebook);

        var ca01 = corpus.Documents.Where(document => document.Id.StartsWith("brown-ca01-", StringComparison.Ordinal)).ToList();

        Assert.True(ca01.Count >= 5, $"brown ca01 gave {ca01.Count} passages");
        Assert.Single(ca01.Select(document => document.Group).Distinct());
        Assert.All(ca01, document => Assert.InRange(document.Text.Split(' ').Length, 100, 300));
    }
}

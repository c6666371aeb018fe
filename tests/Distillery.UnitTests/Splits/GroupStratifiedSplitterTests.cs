using Distillery.Domain.Data;
using Distillery.Domain.Splits;
using Distillery.Domain.Tasks;

namespace Distillery.UnitTests.Splits;

public sealed class GroupStratifiedSplitterTests
{
    /// <summary>120 source documents of 5 passages each; a quarter positive; every passage shares its source's label.</summary>
    private static Corpus Passages(bool someUnlabelled = false)
    {
        var documents = new List<Document>();
        for (var source = 0; source < 120; source++)
        {
            var label = source % 4 == 0 ? "yes" : "no";
            for (var passage = 0; passage < 5; passage++)
            {
                var unlabelled = someUnlabelled && source % 3 == 1;
                documents.Add(new Document($"s{source}-p{passage}", $"passage {passage} of {source}", unlabelled ? null : label, $"s{source}"));
            }
        }

        return new Corpus("passages.jsonl", documents);
    }

    private static readonly SplitSpec Sizes = new(SplitSize.Documents(100), SplitSize.Documents(200), SplitSize.Documents(150));

    [Fact]
    public void Splits_have_the_requested_sizes_and_are_stratified()
    {
        var splits = GroupStratifiedSplitter.Split(Passages(), Sizes, seed: 1, "t");

        Assert.Equal(100, splits.Validation.Count);
        Assert.Equal(200, splits.TrainingPool.Count);
        Assert.Equal(150, splits.Test.Count);
        Assert.Equal(25, splits.LabelCounts(SplitName.Validation)["yes"]);
        // The pool is stratified on what validation and test left, whose groups may overshoot by a passage or two.
        Assert.InRange(splits.LabelCounts(SplitName.TrainingPool)["yes"], 48, 52);
        // 37.5 each way: the tie goes to the first label in ordinal order ("no").
        Assert.Equal(37, splits.LabelCounts(SplitName.Test)["yes"]);
    }

    [Fact]
    public void No_document_and_no_source_group_appears_in_two_splits()
    {
        var splits = GroupStratifiedSplitter.Split(Passages(), Sizes, seed: 3, "t");

        string[][] ids = [[.. splits.Validation.Select(d => d.Id)], [.. splits.TrainingPool.Select(d => d.Id)], [.. splits.Test.Select(d => d.Id)]];
        string[][] groups = [[.. splits.Validation.Select(d => d.Group).Distinct()], [.. splits.TrainingPool.Select(d => d.Group).Distinct()], [.. splits.Test.Select(d => d.Group).Distinct()]];
        Assert.Equal(ids.Sum(split => split.Length), ids.SelectMany(split => split).Distinct().Count());
        Assert.Equal(groups.Sum(split => split.Length), groups.SelectMany(split => split).Distinct().Count());
    }

    [Fact]
    public void Same_seed_gives_the_same_ids_whatever_the_file_order_and_another_seed_differs()
    {
        var corpus = Passages();
        var reversed = new Corpus(corpus.Source, [.. corpus.Documents.Reverse()]);

        var first = GroupStratifiedSplitter.Split(corpus, Sizes, seed: 9, "t");
        var again = GroupStratifiedSplitter.Split(reversed, Sizes, seed: 9, "t");
        var other = GroupStratifiedSplitter.Split(corpus, Sizes, seed: 10, "t");

        Assert.Equal(first.Test.Select(d => d.Id), again.Test.Select(d => d.Id));
        Assert.Equal(first.Validation.Select(d => d.Id), again.Validation.Select(d => d.Id));
        Assert.Equal(first.TrainingPool.Select(d => d.Id), again.TrainingPool.Select(d => d.Id));
        Assert.NotEqual(first.Test.Select(d => d.Id).Order(), other.Test.Select(d => d.Id).Order());
    }

    [Fact]
    public void Ids_are_pinned_so_a_change_of_algorithm_or_generator_cannot_go_unnoticed()
    {
        var splits = GroupStratifiedSplitter.Split(Passages(), Sizes, seed: 1, "t");

        // Recorded from this implementation; every machine must reproduce them.
        Assert.Equal(Pinned.FirstTestIds, splits.Test.Take(5).Select(d => d.Id));
    }

    [Fact]
    public void Training_pool_may_hold_unlabelled_documents_while_validation_and_test_are_human_labelled()
    {
        var splits = GroupStratifiedSplitter.Split(Passages(someUnlabelled: true), Sizes, seed: 5, "t");

        Assert.All(splits.Validation, d => Assert.NotNull(d.Label));
        Assert.All(splits.Test, d => Assert.NotNull(d.Label));
        Assert.Contains(splits.TrainingPool, d => d.Label is null);
        Assert.Equal(200, splits.TrainingPool.Count);
    }

    [Fact]
    public void Fractions_resolve_against_the_labelled_documents()
    {
        var spec = new SplitSpec(SplitSize.Share(0.1), SplitSize.Share(0.5), SplitSize.Share(0.2));

        var splits = GroupStratifiedSplitter.Split(Passages(), spec, seed: 1, "t");

        Assert.Equal((60, 300, 120), (splits.Validation.Count, splits.TrainingPool.Count, splits.Test.Count));
    }

    [Fact]
    public void Split_larger_than_the_labelled_data_is_an_error_naming_the_task_and_the_counts()
    {
        var spec = new SplitSpec(SplitSize.Documents(400), SplitSize.Documents(10), new SplitSize(300, null, new("task.yaml", 21, 9)));

        var error = Assert.Throws<SplitException>(() => GroupStratifiedSplitter.Split(Passages(), spec, seed: 1, "spam"));

        Assert.Equal(
            "task.yaml:21:9: task 'spam': the validation (400) and test (300) splits need 700 human-labelled documents, but passages.jsonl has 600",
            error.Message);
    }

    [Fact]
    public void Groups_too_few_to_fill_a_rare_class_is_an_error_naming_the_split_and_label()
    {
        // 30 positive groups of 5 passages. Validation wants 61 positives (13 groups, 4 passages wasted),
        // test 86 (18 groups): 31 groups, one more than exist, although 147 passages would do.
        var spec = new SplitSpec(SplitSize.Documents(245), SplitSize.Documents(5), SplitSize.Documents(345));

        var error = Assert.Throws<SplitException>(() => GroupStratifiedSplitter.Split(Passages(), spec, seed: 1, "t"));

        Assert.Matches("task 't': the (test|validation) split needs (61|86) documents labelled 'yes', but only [0-9]+ are left", error.Message);
    }

    private static class Pinned
    {
        public static readonly string[] FirstTestIds = ["s65-p0", "s99-p0", "s103-p4", "s4-p1", "s81-p3"];
    }
}

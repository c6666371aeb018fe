using Distillery.Labeling.Cache;

namespace Distillery.UnitTests.Labeling;

public sealed class FileLabelCacheTests
{
    [Fact]
    public async Task Entries_survive_a_new_process_and_a_torn_last_line_is_skipped()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "cache", "labels.jsonl");
        var key = LabelCacheKey.For("openai:m@http://x/v1", "p-000000000001", "a text");
        var other = LabelCacheKey.For("openai:m@http://x/v1", "p-000000000001", "another text");
        await new FileLabelCache(path).PutAsync([KeyValuePair.Create(key, new CachedLabel("spam", [0.9, 0.1], "spam", 120, 1))], CancellationToken.None);
        await File.AppendAllTextAsync(path, "{\"key\":{\"model\":\"torn");

        var reopened = new FileLabelCache(path);
        var found = await reopened.GetAsync([key, other], CancellationToken.None);

        var entry = Assert.Single(found);
        Assert.Equal(key, entry.Key);
        Assert.Equal("spam", entry.Value.Label);
        Assert.Equal([0.9, 0.1], entry.Value.Probabilities);
        Assert.Equal(120, entry.Value.PromptTokens);
    }

    [Fact]
    public async Task The_first_answer_for_a_key_wins()
    {
        var cache = new FileLabelCache();
        var key = LabelCacheKey.For("m", "p", "t");
        await cache.PutAsync([KeyValuePair.Create(key, new CachedLabel("spam", null, null, 1, 1))], CancellationToken.None);
        await cache.PutAsync([KeyValuePair.Create(key, new CachedLabel("ham", null, null, 1, 1))], CancellationToken.None);

        Assert.Equal("spam", (await cache.GetAsync([key], CancellationToken.None))[key].Label);
    }

    [Fact]
    public void Keys_differ_by_model_prompt_version_and_text()
    {
        var key = LabelCacheKey.For("m", "p", "t");

        Assert.Equal(key, LabelCacheKey.For("m", "p", "t"));
        Assert.NotEqual(key, LabelCacheKey.For("m2", "p", "t"));
        Assert.NotEqual(key, LabelCacheKey.For("m", "p2", "t"));
        Assert.NotEqual(key, LabelCacheKey.For("m", "p", "t "));
        Assert.Equal(64, key.TextSha256.Length);
    }
}

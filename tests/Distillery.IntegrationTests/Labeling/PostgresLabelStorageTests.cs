using Distillery.IntegrationTests.Infrastructure;
using Distillery.Labeling;
using Distillery.Labeling.Cache;
using Distillery.Labeling.Persistence;
using Distillery.ServiceDefaults.Database;
using Npgsql;

namespace Distillery.IntegrationTests.Labeling;

public sealed class PostgresLabelStorageTests
{
    private static async Task<NpgsqlDataSource> Database()
    {
        var database = NpgsqlDataSource.Create(TestServers.Postgres);
        await SqlMigrator.ApplyAsync(database, typeof(LabelingServiceExtensions).Assembly, "labeling");
        return database;
    }

    [PostgresFact]
    public async Task The_cache_returns_what_was_put_and_keeps_the_first_answer()
    {
        await using var database = await Database();
        var cache = new PostgresLabelCache(database);
        var model = "openai:m-" + Guid.NewGuid().ToString("N")[..8];
        var key = LabelCacheKey.For(model, "p-1", "text one");
        var miss = LabelCacheKey.For(model, "p-1", "text two");

        await cache.PutAsync([KeyValuePair.Create(key, new CachedLabel("spam", [0.8, 0.2], "Spam", 100, 2))], CancellationToken.None);
        await cache.PutAsync([KeyValuePair.Create(key, new CachedLabel("ham", null, null, 1, 1))], CancellationToken.None);
        var found = await cache.GetAsync([key, miss], CancellationToken.None);

        var entry = Assert.Single(found);
        Assert.Equal(key, entry.Key);
        Assert.Equal(new CachedLabel("spam", entry.Value.Probabilities, "Spam", 100, 2), entry.Value);
        Assert.Equal([0.8, 0.2], entry.Value.Probabilities);
    }

    [PostgresFact]
    public async Task A_label_written_twice_is_stored_once_with_its_provenance()
    {
        await using var database = await Database();
        var store = new PostgresLabelStore(database);
        var task = "task-" + Guid.NewGuid().ToString("N")[..8];
        var label = new StoredLabel(task, "d1", "gpt", "spam", [0.7, 0.3], "spam", "gpt-x", "p-abc", 90, 1, false, 0.0001m, Guid.NewGuid());
        var abstention = label with { DocumentId = "d2", Label = null, Probabilities = null, RawAnswer = "unsure" };

        Assert.Equal(2, await store.AddAsync([label, abstention], CancellationToken.None));
        Assert.Equal(0, await store.AddAsync([label with { Label = "ham" }], CancellationToken.None));
        var stored = await store.GetAsync(task, "gpt", ["d1", "d2", "d3"], CancellationToken.None);

        Assert.Equal(2, stored.Count);
        Assert.Equal("spam", stored[0].Label);
        Assert.Equal("p-abc", stored[0].PromptVersion);
        Assert.Equal(0.0001m, stored[0].CostUsd);
        Assert.Null(stored[1].Label);
        Assert.Equal("unsure", stored[1].RawAnswer);
        Assert.Equal(2, (await store.ForTaskAsync(task, "gpt", CancellationToken.None)).Count);
    }
}

using Distillery.IntegrationTests.Infrastructure;
using Distillery.ServiceDefaults.Database;
using Distillery.Training;
using Distillery.Training.Embeddings;
using Npgsql;

namespace Distillery.IntegrationTests.Training;

public sealed class PostgresEmbeddingCacheTests
{
    [PostgresFact]
    public async Task The_cache_returns_what_was_put_per_space_and_keeps_the_first_vector()
    {
        await using var database = NpgsqlDataSource.Create(TestServers.Postgres);
        await SqlMigrator.ApplyAsync(database, typeof(TrainingServiceExtensions).Assembly, "training");
        var cache = new PostgresEmbeddingCache(database);
        var space = "all-minilm-l6-v2@" + Guid.NewGuid().ToString("N") + "/256";
        var key = CachedEmbeddings.TextSha256("a text");
        var miss = CachedEmbeddings.TextSha256("another text");

        await cache.PutAsync(space, [KeyValuePair.Create(key, new[] { 0.5f, -1.25f, float.Epsilon })], CancellationToken.None);
        await cache.PutAsync(space, [KeyValuePair.Create(key, new[] { 9f, 9f, 9f })], CancellationToken.None);
        var found = await cache.GetAsync(space, [key, miss], CancellationToken.None);

        var entry = Assert.Single(found);
        Assert.Equal(key, entry.Key);
        Assert.Equal([0.5f, -1.25f, float.Epsilon], entry.Value);
        Assert.Empty(await cache.GetAsync(space + "x", [key], CancellationToken.None));
    }
}

using Npgsql;

namespace Distillery.Training.Embeddings;

/// <summary>
/// The distributed mode's embedding cache in <c>training_embeddings</c>, shared by every Training
/// replica: a vector is computed once per key space and text for the whole cluster.
/// </summary>
public sealed class PostgresEmbeddingCache(NpgsqlDataSource dataSource) : IEmbeddingCache
{
    public async Task<IReadOnlyDictionary<string, float[]>> GetAsync(string space, IReadOnlyCollection<string> textSha256s, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(textSha256s);
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (textSha256s.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT text_sha256, vector FROM training_embeddings WHERE space = $1 AND text_sha256 = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = space });
        command.Parameters.Add(new NpgsqlParameter { Value = textSha256s.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = FromBytes((byte[])reader[1]);
        }

        return found;
    }

    public async Task PutAsync(string space, IReadOnlyList<KeyValuePair<string, float[]>> vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            "INSERT INTO training_embeddings (space, text_sha256, vector) SELECT $1, k, v FROM unnest($2::text[], $3::bytea[]) AS t(k, v) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = space });
        command.Parameters.Add(new NpgsqlParameter { Value = vectors.Select(v => v.Key).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = vectors.Select(v => ToBytes(v.Value)).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>float32 little-endian, as the file cache writes them.</summary>
    internal static byte[] ToBytes(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var d = 0; d < vector.Length; d++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(d * sizeof(float)), vector[d]);
        }

        return bytes;
    }

    internal static float[] FromBytes(byte[] bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(d * sizeof(float)));
        }

        return vector;
    }
}

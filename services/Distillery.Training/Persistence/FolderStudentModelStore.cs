using System.Text.Json;

namespace Distillery.Training.Persistence;

/// <summary>
/// Students as files in a folder (local mode): <c>&lt;id&gt;.model</c> (the model file) and
/// <c>&lt;id&gt;.json</c> (its metadata). Each is written to a temporary name and moved into
/// place, so a crash never leaves a half-written model under a real name.
/// </summary>
public sealed class FolderStudentModelStore(string folder) : IStudentModelStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Lock _gate = new();

    public string Folder { get; } = folder;

    public async Task<StoredStudent?> FindAsync(Guid modelId, CancellationToken cancellationToken)
    {
        var (model, metadata) = Paths(modelId);
        if (!File.Exists(model) || !File.Exists(metadata))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredStudent>(await File.ReadAllTextAsync(metadata, cancellationToken))!;
        return stored with { ModelBytes = await File.ReadAllBytesAsync(model, cancellationToken) };
    }

    public Task<bool> TryAddAsync(StoredStudent student, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var (model, metadata) = Paths(student.ModelId);
        lock (_gate)
        {
            if (File.Exists(metadata))
            {
                return Task.FromResult(false);
            }

            WriteAtomically(model, student.ModelBytes);
            WriteAtomically(metadata, JsonSerializer.SerializeToUtf8Bytes(student with { ModelBytes = [] }, Json));
            return Task.FromResult(true);
        }
    }

    private (string Model, string Metadata) Paths(Guid modelId) =>
        (Path.Combine(Folder, $"{modelId}.model"), Path.Combine(Folder, $"{modelId}.json"));

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}

namespace Distillery.Domain.Files;

/// <summary>
/// Where Distillery keeps what outlives a run on this machine (label cache, embedding cache,
/// extracted encoders): <c>$XDG_CACHE_HOME/distillery</c>, else <c>~/.cache/distillery</c>.
/// </summary>
public static class MachineCache
{
    /// <summary>The file or folder <paramref name="name"/> in the machine's Distillery cache.</summary>
    public static string PathOf(string name)
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "distillery", name);
    }
}

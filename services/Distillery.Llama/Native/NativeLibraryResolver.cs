using System.Reflection;
using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>
/// Maps the <see cref="LibraryNames"/> of this assembly's imports to files in one folder, chosen
/// once per process. Each name lists the file of every build we ship: the CPU build
/// (<c>libllama.v0.5.0.so</c>) and the CUDA build (<c>libllama.cuda.v0.5.0.so</c>) name theirs
/// differently, and whichever is in the folder is loaded. The version in the names is the one the
/// structs of <see cref="Native"/> were checked against; another build's files are not taken.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly Dictionary<string, string[]> FileNames = new(StringComparer.Ordinal)
    {
        [LibraryNames.Llama] = ["libllama.v0.5.0.so", "libllama.cuda.v0.5.0.so"],
        [LibraryNames.Ggml] = ["libggml.v0.5.0.so", "libggml.cuda.v0.5.0.so"],
        [LibraryNames.GgmlBase] = ["libggml-base.so"],
    };

    private static string? _directory;

    /// <summary>The folder imports resolve from, once <see cref="Install"/> ran.</summary>
    internal static string? Directory => Volatile.Read(ref _directory);

    /// <summary>Throws <see cref="LlamaNativeLibraryException"/> naming the folder unless it holds every library.</summary>
    internal static void Verify(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new LlamaNativeLibraryException(
                $"the llama.cpp native library folder '{directory}' does not exist; set {LlamaNativeOptions.Section}:Path " +
                $"or {LlamaNativeOptions.DirectoryVariable} to the folder holding libllama, or run `make native`")
            { Directory = directory };
        }

        foreach (var name in FileNames.Keys)
        {
            FindFile(directory, name);
        }
    }

    /// <summary>Points this assembly's imports at <paramref name="directory"/>; the caller verified it and serialises calls.</summary>
    internal static void Install(string directory)
    {
        if (Directory is { } installed)
        {
            throw new InvalidOperationException($"llama.cpp is already loaded from '{installed}' in this process");
        }

        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
        Volatile.Write(ref _directory, directory);
    }

    internal static string FindFile(string directory, string libraryName)
    {
        var candidates = FileNames[libraryName];
        foreach (var candidate in candidates)
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new LlamaNativeLibraryException(
            $"the llama.cpp native library folder '{directory}' holds none of {string.Join(", ", candidates)}; " +
            $"set {LlamaNativeOptions.Section}:Path or {LlamaNativeOptions.DirectoryVariable} to the folder holding them, or run `make native`")
        { Directory = directory };
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        // Names of other libraries (none today) fall through to the runtime's own probing.
        return Directory is { } directory && FileNames.ContainsKey(libraryName)
            ? NativeLibrary.Load(FindFile(directory, libraryName))
            : 0;
    }
}

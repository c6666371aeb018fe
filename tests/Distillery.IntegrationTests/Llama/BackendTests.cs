using Distillery.Llama;
using Distillery.Llama.Native;
using Microsoft.Extensions.Configuration;

namespace Distillery.IntegrationTests.Llama;

/// <summary>Finding and loading the native libraries, and the errors when they are not there.</summary>
[Collection(SharedLlama.Name)]
public sealed class BackendTests(TinyModelFixture fixture)
{
    [Fact]
    public void The_backend_loads_once_with_a_cpu_device_and_the_same_folder_gives_the_same_backend()
    {
        Assert.Contains(fixture.Backend.Devices, device => device.Name == "CPU");
        Assert.Contains("CPU", fixture.Backend.SystemInfo, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(TinyModelFixture.NativeDirectory), fixture.Backend.NativeDirectory);

        Assert.Same(fixture.Backend, LlamaBackend.Initialize(new LlamaNativeOptions { Path = TinyModelFixture.NativeDirectory }));
    }

    [Fact]
    public void A_missing_native_folder_is_an_error_naming_the_folder()
    {
        var folder = Path.Combine(fixture.Folder, "no-such-native-folder");

        var error = Assert.Throws<LlamaNativeLibraryException>(() => LlamaBackend.Initialize(new LlamaNativeOptions { Path = folder }));

        Assert.Equal(folder, error.Directory);
        Assert.Contains($"'{folder}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("Distillery:Native:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_libllama_is_an_error_naming_the_folder_and_the_files_looked_for()
    {
        var folder = Directory.CreateDirectory(Path.Combine(fixture.Folder, "empty-native")).FullName;

        var error = Assert.Throws<LlamaNativeLibraryException>(() => LlamaBackend.Initialize(new LlamaNativeOptions { Path = folder }));

        Assert.Contains($"'{folder}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("libllama.v0.5.0.so", error.Message, StringComparison.Ordinal);
        Assert.Contains("libllama.cuda.v0.5.0.so", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cuda_builds_file_names_are_taken_as_well()
    {
        var folder = Directory.CreateDirectory(Path.Combine(fixture.Folder, "cuda-native")).FullName;
        foreach (var library in new[] { "libllama.cuda.v0.5.0.so", "libggml.cuda.v0.5.0.so", "libggml-base.so" })
        {
            File.WriteAllBytes(Path.Combine(folder, library), []);
        }

        NativeLibraryResolver.Verify(folder);
        Assert.Equal(Path.Combine(folder, "libllama.cuda.v0.5.0.so"), NativeLibraryResolver.FindFile(folder, LibraryNames.Llama));
        Assert.Equal(Path.Combine(folder, "libggml.cuda.v0.5.0.so"), NativeLibraryResolver.FindFile(folder, LibraryNames.Ggml));
        Assert.Equal(Path.Combine(TinyModelFixture.NativeDirectory, "libllama.v0.5.0.so"), NativeLibraryResolver.FindFile(TinyModelFixture.NativeDirectory, LibraryNames.Llama));
    }

    [Fact]
    public void A_second_folder_in_the_same_process_is_refused()
    {
        var folder = Directory.CreateDirectory(Path.Combine(fixture.Folder, "second-native")).FullName;
        foreach (var library in new[] { "libllama.v0.5.0.so", "libggml.v0.5.0.so", "libggml-base.so" })
        {
            File.Copy(Path.Combine(TinyModelFixture.NativeDirectory, library), Path.Combine(folder, library));
        }

        var error = Assert.Throws<InvalidOperationException>(() => LlamaBackend.Initialize(new LlamaNativeOptions { Path = folder }));

        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.Backend.NativeDirectory, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_folder_comes_from_configuration_then_the_environment_then_beside_the_application()
    {
        var configured = LlamaNativeOptions.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Distillery:Native:Path"] = "/opt/llama/cuda" }).Build());
        var previous = Environment.GetEnvironmentVariable(LlamaNativeOptions.DirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(LlamaNativeOptions.DirectoryVariable, "/srv/native");
            Assert.Equal("/opt/llama/cuda", configured.ResolveDirectory());
            Assert.Equal("/srv/native", new LlamaNativeOptions().ResolveDirectory());

            Environment.SetEnvironmentVariable(LlamaNativeOptions.DirectoryVariable, null);
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, "native", "linux-x64"), new LlamaNativeOptions().ResolveDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(LlamaNativeOptions.DirectoryVariable, previous);
        }
    }
}

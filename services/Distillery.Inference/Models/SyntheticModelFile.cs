using Distillery.Inference.Configuration;
using Distillery.Llama.Testing;

namespace Distillery.Inference.Models;

/// <summary>Writes a <see cref="SyntheticModel"/> to its path: to a file of its own first, then moved into place, so another process writing the same path never leaves half a file to load.</summary>
internal static class SyntheticModelFile
{
    public static void Write(string path, SyntheticModel shape)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            TinyModelFactory.Write(temporary, shape == SyntheticModel.Benchmark ? TinyModelSpec.Benchmark : TinyModelSpec.Tiny);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

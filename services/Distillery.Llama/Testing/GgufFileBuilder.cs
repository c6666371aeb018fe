using System.Runtime.InteropServices;
using Distillery.Llama.Native;

namespace Distillery.Llama.Testing;

/// <summary>
/// Writes a GGUF file with llama.cpp's own GGUF writer (<c>gguf_*</c> in libggml-base): metadata
/// key/values, and tensors made in a ggml memory pool (<c>ggml_new_tensor_*</c>) whose data is
/// filled here. gguf keeps pointers to that data until the file is written, so the pool lives as
/// long as the builder. The pool's size is fixed at the start: <see cref="PoolBytesFor"/>.
/// </summary>
internal sealed unsafe class GgufFileBuilder : IDisposable
{
    private readonly SafeGgufContextHandle _gguf;
    private readonly SafeGgmlContextHandle _tensors;

    public GgufFileBuilder(nuint poolBytes)
    {
        LlamaBackend.EnsureInitialized();
        _gguf = GgufImports.gguf_init_empty();
        _tensors = GgmlImports.ggml_init(new GgmlInitParams { MemSize = poolBytes, MemBuffer = 0, NoAlloc = false });
        if (_gguf.IsInvalid || _tensors.IsInvalid)
        {
            Dispose();
            throw new LlamaException($"could not start a GGUF file with a tensor pool of {poolBytes} bytes");
        }
    }

    /// <summary>The pool bytes for tensors of these types and shapes (columns × rows), with ggml's per-tensor header and alignment.</summary>
    public static nuint PoolBytesFor(IEnumerable<(GgmlType Type, long Columns, long Rows)> tensors)
    {
        LlamaBackend.EnsureInitialized();
        // ggml aligns every object in the pool to GGML_MEM_ALIGN (16): a little slack per tensor.
        const int alignmentSlack = 64;
        nuint total = 0;
        foreach (var (type, columns, rows) in tensors)
        {
            total += GgmlImports.ggml_tensor_overhead() + GgmlImports.ggml_row_size(type, columns) * (nuint)rows + alignmentSlack;
        }

        return total;
    }

    public void Set(string key, string value) => GgufImports.gguf_set_val_str(_gguf, key, value);

    public void Set(string key, uint value) => GgufImports.gguf_set_val_u32(_gguf, key, value);

    public void Set(string key, float value) => GgufImports.gguf_set_val_f32(_gguf, key, value);

    public void Set(string key, bool value) => GgufImports.gguf_set_val_bool(_gguf, key, value);

    public void Set(string key, IReadOnlyList<float> values)
    {
        var copy = values.ToArray();
        fixed (float* data = copy)
        {
            GgufImports.gguf_set_arr_data(_gguf, key, GgufType.Float32, data, (nuint)copy.Length);
        }
    }

    public void Set(string key, IReadOnlyList<int> values)
    {
        var copy = values.ToArray();
        fixed (int* data = copy)
        {
            GgufImports.gguf_set_arr_data(_gguf, key, GgufType.Int32, data, (nuint)copy.Length);
        }
    }

    public void Set(string key, IReadOnlyList<string> values)
    {
        var strings = new nint[values.Count];
        try
        {
            for (var i = 0; i < strings.Length; i++)
            {
                strings[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            }

            fixed (nint* data = strings)
            {
                GgufImports.gguf_set_arr_str(_gguf, key, (byte**)data, (nuint)strings.Length);
            }
        }
        finally
        {
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    /// <summary>
    /// Adds a tensor of <paramref name="rows"/> rows of <paramref name="columns"/> values (one row
    /// when <paramref name="rows"/> is 1, as a 1-d tensor), its values written by <paramref name="fill"/>.
    /// </summary>
    public void AddTensor(string name, GgmlType type, long columns, long rows, Action<Span<float>> fill)
    {
        // ggml aborts the process when the pool is full: it was sized for exactly these tensors.
        var tensor = rows == 1
            ? GgmlImports.ggml_new_tensor_1d(_tensors, type, columns)
            : GgmlImports.ggml_new_tensor_2d(_tensors, type, columns, rows);
        GgmlImports.ggml_set_name(tensor, name);
        var values = new float[columns * rows];
        fill(values);
        var data = GgmlImports.ggml_get_data(tensor);
        if (type == GgmlType.F32)
        {
            values.CopyTo(new Span<float>(data, values.Length));
        }
        else
        {
            var halves = new Span<Half>(data, values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                halves[i] = (Half)values[i];
            }
        }

        GgufImports.gguf_add_tensor(_gguf, tensor);
    }

    public void WriteTo(string path)
    {
        if (!GgufImports.gguf_write_to_file(_gguf, path, onlyMeta: false))
        {
            throw new IOException($"llama.cpp could not write the GGUF file '{path}'");
        }
    }

    public void Dispose()
    {
        _gguf.Dispose();
        _tensors.Dispose();
    }
}

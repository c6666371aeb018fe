using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.Llama;
using Distillery.Llama.Native;

namespace Distillery.IntegrationTests.Llama;

/// <summary>
/// Every struct the binding passes to llama.cpp, checked against the headers of the very build it
/// loads: a C program listing sizeof, and offsetof and size of every field the C# struct declares,
/// is generated, compiled with the machine's gcc and run, and its numbers must equal the C#
/// layout, both as the marshaller states it (Marshal.OffsetOf, Marshal.SizeOf) and as the bytes
/// actually lie in memory (measured by setting one field at a time).
/// </summary>
public sealed class StructLayoutTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-layout-").FullName;

    public static IEnumerable<Type> NativeStructs { get; } =
        [.. typeof(LlamaModel).Assembly.GetTypes().Where(t => t.GetCustomAttribute<NativeStructAttribute>() is not null).OrderBy(t => t.Name, StringComparer.Ordinal)];

    [NativeHeadersFact]
    public void Every_native_struct_matches_the_C_layout_of_the_shipped_headers()
    {
        Assert.Contains(typeof(LlamaModelParams), NativeStructs);
        Assert.Contains(typeof(LlamaContextParams), NativeStructs);
        Assert.Contains(typeof(LlamaBatchNative), NativeStructs);
        Assert.Contains(typeof(LlamaSamplerChainParams), NativeStructs);

        var fromC = RunLayoutProgram(GenerateLayoutProgram());
        var mismatches = new List<string>();
        foreach (var type in NativeStructs)
        {
            var cName = CName(type);
            Compare(mismatches, $"sizeof(struct {cName})", fromC[$"{cName} sizeof"], ManagedSize(type), Marshal.SizeOf(type));
            var measured = MeasuredOffsets(type);
            foreach (var field in Fields(type))
            {
                var key = $"{cName}.{CFieldName(field)}";
                Compare(mismatches, $"offsetof({key})", fromC[key + " offset"], measured[field.Name], (int)Marshal.OffsetOf(type, field.Name));
                Compare(mismatches, $"sizeof({key})", fromC[key + " size"], ManagedSize(field.FieldType), ManagedSize(field.FieldType));
            }
        }

        Assert.True(mismatches.Count == 0, "layouts differing from the C headers:\n" + string.Join('\n', mismatches));
    }

    [Fact]
    public void Field_names_map_to_the_C_names()
    {
        Assert.Equal("n_gpu_layers", CFieldName(typeof(LlamaModelParams).GetField(nameof(LlamaModelParams.NGpuLayers))!));
        Assert.Equal("progress_callback_user_data", CFieldName(typeof(LlamaModelParams).GetField(nameof(LlamaModelParams.ProgressCallbackUserData))!));
        Assert.Equal("kv_unified", CFieldName(typeof(LlamaContextParams).GetField(nameof(LlamaContextParams.KvUnified))!));
        Assert.Equal("n_seq_id", CFieldName(typeof(LlamaBatchNative).GetField(nameof(LlamaBatchNative.NSeqId))!));
        Assert.Equal("p", CFieldName(typeof(LlamaTokenData).GetField(nameof(LlamaTokenData.P))!));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void Compare(List<string> mismatches, string what, int expected, int measured, int marshalled)
    {
        if (measured != expected || marshalled != expected)
        {
            mismatches.Add($"{what}: C {expected}, C# in memory {measured}, C# marshalled {marshalled}");
        }
    }

    private static string GenerateLayoutProgram()
    {
        var program = new StringBuilder();
        program.AppendLine("#include <stddef.h>");
        program.AppendLine("#include <stdio.h>");
        program.AppendLine("#include \"llama.h\"");
        program.AppendLine("int main(void) {");
        foreach (var type in NativeStructs)
        {
            var cName = CName(type);
            program.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"{cName} sizeof %zu\\n\", sizeof(struct {cName}));");
            foreach (var field in Fields(type))
            {
                var member = CFieldName(field);
                program.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"{cName}.{member} offset %zu\\n\", offsetof(struct {cName}, {member}));");
                program.AppendLine(CultureInfo.InvariantCulture, $"    printf(\"{cName}.{member} size %zu\\n\", sizeof(((struct {cName} *)0)->{member}));");
            }
        }

        program.AppendLine("    return 0;");
        program.AppendLine("}");
        return program.ToString();
    }

    private Dictionary<string, int> RunLayoutProgram(string source)
    {
        var sourcePath = Path.Combine(_folder, "layout.c");
        var binaryPath = Path.Combine(_folder, "layout");
        File.WriteAllText(sourcePath, source);
        Run("gcc", ["-std=c11", "-Wall", "-Werror", "-I", NativeHeaders.Directory, sourcePath, "-o", binaryPath]);
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Run(binaryPath, []).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = line.LastIndexOf(' ');
            values[line[..cut]] = int.Parse(line[(cut + 1)..], CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static string Run(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}):\n{error}");
        return output.Result;
    }

    private static string CName(Type type) => type.GetCustomAttribute<NativeStructAttribute>()!.CName;

    private static FieldInfo[] Fields(Type type) =>
        [.. type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => f.MetadataToken)];

    /// <summary>The binding's convention: the C name in PascalCase, <c>n_gpu_layers</c> as <c>NGpuLayers</c>.</summary>
    private static string CFieldName(FieldInfo field)
    {
        var name = new StringBuilder();
        foreach (var character in field.Name)
        {
            if (char.IsUpper(character) && name.Length > 0)
            {
                name.Append('_');
            }

            name.Append(char.ToLowerInvariant(character));
        }

        return name.ToString();
    }

    private static int ManagedSize(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    private static Dictionary<string, int> MeasuredOffsets(Type type) =>
        (Dictionary<string, int>)typeof(StructLayoutTests).GetMethod(nameof(MeasureOffsets), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, null)!;

    /// <summary>Each field's offset in managed memory: set it alone to a value with a non-zero first byte and find that byte.</summary>
    private static Dictionary<string, int> MeasureOffsets<T>()
        where T : unmanaged
    {
        var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in Fields(typeof(T)))
        {
            object boxed = default(T);
            field.SetValue(boxed, Sentinel(field.FieldType));
            var value = (T)boxed;
            var bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref value, 1));
            offsets[field.Name] = bytes.IndexOfAnyExcept((byte)0);
        }

        return offsets;
    }

    private static object Sentinel(Type type) => type switch
    {
        _ when type == typeof(bool) => true,
        _ when type == typeof(int) => -1,
        _ when type == typeof(uint) => uint.MaxValue,
        _ when type == typeof(long) => -1L,
        _ when type == typeof(ulong) => ulong.MaxValue,
        _ when type == typeof(nint) => (nint)(-1),
        _ when type == typeof(nuint) => nuint.MaxValue,
        _ when type == typeof(float) => BitConverter.Int32BitsToSingle(-1),
        _ when type == typeof(double) => BitConverter.Int64BitsToDouble(-1),
        _ when type.IsEnum => Enum.ToObject(type, -1),
        _ => throw new NotSupportedException($"no sentinel for a field of type {type}: add one"),
    };
}

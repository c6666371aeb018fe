using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Distillery.Grpc.Reflection;

/// <summary>
/// What server reflection answers from: the .proto files of the services a host serves, every
/// file they import (transitively), and where each fully qualified symbol is declared, all
/// taken from the descriptors Grpc.Tools generated, so they cannot drift from the code.
/// </summary>
internal sealed class ReflectionIndex
{
    private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messages = new(StringComparer.Ordinal);

    public ReflectionIndex(IEnumerable<ServiceDescriptor> services)
    {
        ServiceNames = [.. services.Select(service => service.FullName)];
        foreach (var service in services)
        {
            Add(service.File);
        }
    }

    public IReadOnlyList<string> ServiceNames { get; }

    public FileDescriptor? FileByName(string name) => _files.GetValueOrDefault(name);

    /// <summary>The file declaring <c>package.Service</c>, <c>package.Service.Method</c>, <c>package.Message</c> (nested too) or <c>package.Enum</c>.</summary>
    public FileDescriptor? FileContainingSymbol(string symbol) => _symbols.GetValueOrDefault(symbol);

    public bool IsMessage(string name) => _messages.Contains(name);

    /// <summary>The file as a serialized <c>FileDescriptorProto</c>, then each file it imports, transitively, each once.</summary>
    public static IEnumerable<ByteString> WithDependencies(FileDescriptor file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FileDescriptor>([file]);
        while (pending.TryDequeue(out var next))
        {
            if (seen.Add(next.Name))
            {
                yield return next.SerializedData;
                foreach (var dependency in next.Dependencies)
                {
                    pending.Enqueue(dependency);
                }
            }
        }
    }

    private void Add(FileDescriptor file)
    {
        if (!_files.TryAdd(file.Name, file))
        {
            return;
        }

        foreach (var service in file.Services)
        {
            _symbols[service.FullName] = file;
            foreach (var method in service.Methods)
            {
                _symbols[$"{service.FullName}.{method.Name}"] = file;
            }
        }

        foreach (var message in file.MessageTypes)
        {
            AddMessage(message, file);
        }

        foreach (var enumType in file.EnumTypes)
        {
            _symbols[enumType.FullName] = file;
        }

        foreach (var dependency in file.Dependencies)
        {
            Add(dependency);
        }
    }

    private void AddMessage(MessageDescriptor message, FileDescriptor file)
    {
        _symbols[message.FullName] = file;
        _messages.Add(message.FullName);
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(nested, file);
        }

        foreach (var enumType in message.EnumTypes)
        {
            _symbols[enumType.FullName] = file;
        }
    }
}

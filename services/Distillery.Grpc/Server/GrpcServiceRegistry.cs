using Google.Protobuf.Reflection;

namespace Distillery.Grpc.Server;

/// <summary>The services this host serves, by descriptor: the health service answers for their names, reflection describes them.</summary>
public sealed class GrpcServiceRegistry
{
    private readonly Dictionary<string, ServiceDescriptor> _services = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Add(ServiceDescriptor service)
    {
        lock (_gate)
        {
            _services[service.FullName] = service;
        }
    }

    public bool Contains(string service)
    {
        lock (_gate)
        {
            return _services.ContainsKey(service);
        }
    }

    /// <summary>Every service mapped so far, in name order.</summary>
    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (_gate)
            {
                return [.. _services.Values.OrderBy(service => service.FullName, StringComparer.Ordinal)];
            }
        }
    }
}

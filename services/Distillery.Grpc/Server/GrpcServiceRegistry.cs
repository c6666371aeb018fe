namespace Distillery.Grpc.Server;

/// <summary>The fully qualified names of the services this host serves (the health service answers for them).</summary>
public sealed class GrpcServiceRegistry
{
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Add(string service)
    {
        lock (_gate)
        {
            _services.Add(service);
        }
    }

    public bool Contains(string service)
    {
        lock (_gate)
        {
            return _services.Contains(service);
        }
    }
}

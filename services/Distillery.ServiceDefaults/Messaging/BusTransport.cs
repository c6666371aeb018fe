namespace Distillery.ServiceDefaults.Messaging;

/// <summary>Which broker carries the messages.</summary>
public enum BusTransport
{
    /// <summary>In the process: local mode (<c>distillery run</c>) and tests of single services.</summary>
    InMemory,

    /// <summary>RabbitMQ between pods: distributed mode.</summary>
    RabbitMq,
}

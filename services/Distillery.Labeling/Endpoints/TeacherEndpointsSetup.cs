using Distillery.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;

namespace Distillery.Labeling.Endpoints;

/// <summary>Reads <c>Distillery:Labeling:Endpoints</c> and stops the host, naming the key, when an endpoint is not usable.</summary>
public static class TeacherEndpointsSetup
{
    /// <summary>
    /// The registered endpoints, for a cluster service: jobs may name these and nothing else.
    /// <paramref name="requireCredentials"/>: the Labeling service, which calls them, needs their
    /// URLs and keys; the Coordinator checks jobs against the names alone.
    /// </summary>
    public static TeacherEndpoints Registered(IConfiguration configuration, bool requireCredentials)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Registered(Read(configuration), requireCredentials);
    }

    /// <inheritdoc cref="Registered(IConfiguration, bool)"/>
    public static TeacherEndpoints Registered(IReadOnlyDictionary<string, TeacherEndpointOptions> configured, bool requireCredentials)
    {
        var endpoints = new TeacherEndpoints(configured, allowJobEndpoints: false);
        var problems = endpoints.Problems(requireCredentials).ToList();
        return problems.Count == 0 ? endpoints : throw new InvalidConfigurationException(string.Join("; ", problems));
    }

    /// <summary>
    /// For a run on the user's own machine: the endpoints the user configured (if any), and
    /// whatever URL and environment variable the job names, read from <paramref name="environment"/>.
    /// </summary>
    public static TeacherEndpoints ForLocalRun(IConfiguration configuration, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new TeacherEndpoints(Read(configuration), allowJobEndpoints: true, environment);
    }

    private static Dictionary<string, TeacherEndpointOptions> Read(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(TeacherEndpoints.Section).Get<Dictionary<string, TeacherEndpointOptions>>(binder => binder.ErrorOnUnknownConfiguration = true) ?? [];
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidConfigurationException($"{TeacherEndpoints.Section}: {e.Message}", e);
        }
    }
}

using System.Text.RegularExpressions;
using Distillery.Labeling.Teachers;

namespace Distillery.Labeling.Endpoints;

/// <summary>
/// The teacher endpoints registered in <c>Distillery:Labeling:Endpoints</c>, and whether a job may
/// also reach endpoints of its own choosing. In a cluster it may not: Labeling holds the
/// credentials and sees the documents, so only endpoints its operator registered are called.
/// On the user's own machine (<c>distillery run</c>) a job may give a URL and read its key from
/// the user's environment, as before.
/// </summary>
public sealed partial class TeacherEndpoints
{
    public const string Section = "Distillery:Labeling:Endpoints";

    private readonly IReadOnlyDictionary<string, TeacherEndpointOptions> _endpoints;

    private readonly bool _registryKnown;

    public TeacherEndpoints(IReadOnlyDictionary<string, TeacherEndpointOptions> endpoints, bool allowJobEndpoints, Func<string, string?>? environment = null)
        : this(endpoints, allowJobEndpoints, environment, registryKnown: true)
    {
    }

    private TeacherEndpoints(IReadOnlyDictionary<string, TeacherEndpointOptions> endpoints, bool allowJobEndpoints, Func<string, string?>? environment, bool registryKnown)
    {
        _endpoints = endpoints;
        AllowJobEndpoints = allowJobEndpoints;
        Environment = environment ?? (_ => null);
        _registryKnown = registryKnown;
    }

    /// <summary>
    /// What a client that sends a job to a cluster can check before it does (<c>distillery
    /// submit</c>): no URL or environment variable of the job's own; the endpoint names it gives are
    /// the cluster's to check, since only the cluster knows them.
    /// </summary>
    public static TeacherEndpoints ClientSide { get; } = new(new Dictionary<string, TeacherEndpointOptions>(), allowJobEndpoints: false, environment: null, registryKnown: false);

    /// <summary>Whether a job may give a <c>base_url</c>/<c>address</c> and an <c>api_key_env</c> of its own (local mode only).</summary>
    public bool AllowJobEndpoints { get; }

    /// <summary>The environment a job's <c>api_key_env</c> is read from: the user's in local mode, nobody's in a cluster.</summary>
    public Func<string, string?> Environment { get; }

    public IReadOnlyCollection<string> Names => [.. _endpoints.Keys.Order(StringComparer.Ordinal)];

    public TeacherEndpointOptions? Find(string name) => _endpoints.GetValueOrDefault(name);

    /// <summary>What a spec may say about the endpoints it can name, for error messages.</summary>
    public string Describe(TeacherEndpointKind kind)
    {
        var names = _endpoints.Where(endpoint => endpoint.Value.Kind == kind).Select(endpoint => $"'{endpoint.Key}'").Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? $"no {kind} endpoint is registered (Distillery:Labeling:Endpoints)" : $"registered: {string.Join(", ", names)}";
    }

    /// <summary>
    /// The problems of the registered endpoints, each naming its configuration key; with
    /// <paramref name="requireCredentials"/> (the Labeling service, which calls them) an endpoint
    /// without a URL is one. The Coordinator checks jobs against the names and models alone, and
    /// never holds the keys. An endpoint whose key is not configured (an optional Secret) is no
    /// reason to stop: a batch that names it fails, saying so.
    /// </summary>
    public IEnumerable<string> Problems(bool requireCredentials)
    {
        foreach (var (name, endpoint) in _endpoints)
        {
            var key = $"{Section}:{name}";
            if (!EndpointName().IsMatch(name))
            {
                yield return $"{key}: an endpoint name is lower-case letters, digits and '-'";
            }

            if (requireCredentials && endpoint.Address is null)
            {
                yield return $"{key}:BaseUrl: '{endpoint.BaseUrl}' is not an http(s) URL";
            }
        }
    }

    /// <summary>The endpoint <paramref name="name"/>, which must be registered and of <paramref name="kind"/>.</summary>
    internal TeacherEndpointOptions Resolve(string name, TeacherEndpointKind kind, Func<string, Exception> error) =>
        Find(name) is { } endpoint && endpoint.Kind == kind
            ? endpoint
            : _registryKnown
                ? throw error($"endpoint '{name}' is not a registered {kind} endpoint ({Describe(kind)})")
                : new TeacherEndpointOptions { Kind = kind };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex EndpointName();
}

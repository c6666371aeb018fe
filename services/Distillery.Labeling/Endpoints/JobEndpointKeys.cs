using Distillery.Domain.Specs;

namespace Distillery.Labeling.Endpoints;

/// <summary>The teacher keys through which a job would choose its own endpoint or credential: refused unless the user's own machine runs the job.</summary>
internal static class JobEndpointKeys
{
    public static void RefuseUnlessAllowed(SpecNode spec, TeacherEndpoints endpoints, IReadOnlyList<string> keys)
    {
        if (endpoints.AllowJobEndpoints)
        {
            return;
        }

        foreach (var key in keys)
        {
            if (spec.Optional(key) is { } node)
            {
                throw node.Error(
                    $"'{key}' is for local runs (distillery run) only: a job sent to a cluster names an endpoint its operator registered, with 'endpoint' " +
                    $"({(endpoints.Names.Count == 0 ? "none is registered" : $"registered: {string.Join(", ", endpoints.Names)}")})");
            }
        }
    }
}

using System.ComponentModel.DataAnnotations;
using Distillery.Labeling.Service;

namespace Distillery.Labeling.Endpoints;

/// <summary>
/// One teacher endpoint an operator registered under <c>Distillery:Labeling:Endpoints:&lt;name&gt;</c>:
/// where it is, the credential it takes (from a Kubernetes Secret, through the environment),
/// the models a job may ask of it, their prices, and the limits every job shares. Jobs name it
/// (<c>endpoint: openai</c>); they never carry a URL or a credential of their own.
/// </summary>
public sealed class TeacherEndpointOptions
{
    public TeacherEndpointKind Kind { get; set; } = TeacherEndpointKind.OpenAi;

    /// <summary>The API's base URL (<c>https://api.openai.com/v1</c>), or the Inference service's gRPC address (<c>http://inference:5001</c>).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API key, or the Inference service's bearer token; never logged, never sent anywhere but <see cref="BaseUrl"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The models jobs may ask for; empty: any.</summary>
    public IList<string> Models { get; } = [];

    /// <summary>Prices by model, for the report's cost; a model without one is reported at unknown cost.</summary>
    public Dictionary<string, PriceOptions> Prices { get; set; } = [];

    /// <summary>Calls in flight at once, across all jobs; a job may ask for fewer.</summary>
    [Range(1, 1024)]
    public int? MaxConcurrency { get; set; }

    /// <summary>The provider's request rate; a job may ask for less.</summary>
    [Range(1, int.MaxValue)]
    public int? RequestsPerMinute { get; set; }

    /// <summary>The provider's token rate; a job may ask for less.</summary>
    [Range(1, int.MaxValue)]
    public int? TokensPerMinute { get; set; }

    /// <summary>This endpoint's <see cref="BaseUrl"/> as an absolute http(s) URI, or null when it is not one.</summary>
    internal Uri? Address =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    public override string ToString() => $"{Kind} endpoint at {BaseUrl}";
}

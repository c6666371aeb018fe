using Distillery.Domain.Jobs;
using Distillery.Domain.Specs;
using Distillery.Labeling.Endpoints;

namespace Distillery.Labeling.Teachers.Local;

/// <summary>
/// Reads a <c>local</c> teacher from the job spec: <c>model</c> (a model name the Inference
/// service serves), <c>endpoint</c> (the registered Inference endpoint, default <c>inference</c>),
/// <c>mode</c> (<c>score</c>, <c>calibrated_score</c>, <c>generate</c>, or <c>auto</c>: the
/// validation gate compares the three), <c>examples</c>, <c>batch_size</c>. On the user's own
/// machine a job may instead give <c>address</c> (default <c>$DISTILLERY_INFERENCE_ADDRESS</c>,
/// else http://127.0.0.1:5002) and <c>api_key_env</c> (the variable holding the service's token).
/// </summary>
public static class LocalTeacherSpec
{
    public const string DefaultEndpoint = "inference";

    public static readonly string[] LocalOnlyKeys = ["address", "api_key_env"];

    public static readonly string[] Keys = ["kind", "name", "model", "endpoint", "mode", "examples", "batch_size", .. LocalOnlyKeys];

    public static LocalTeacherSettings Read(SpecNode spec, TeacherEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        spec.AllowOnly(Keys);
        JobEndpointKeys.RefuseUnlessAllowed(spec, endpoints, LocalOnlyKeys);
        var model = spec.Required("model").NonEmptyText();
        var endpointNode = spec.Optional("endpoint");
        var registered = endpointNode is not null || (spec.Optional("address") is null && (endpoints.Find(DefaultEndpoint) is not null || !endpoints.AllowJobEndpoints));
        var (address, token) = registered ? FromRegistry(spec, endpoints, endpointNode, model) : FromJob(spec, endpoints);

        var modeNode = spec.Optional("mode");
        var modeName = modeNode?.NonEmptyText() ?? LocalLabelingModes.Score;
        if (!LocalLabelingModes.Accepted.Contains(modeName))
        {
            throw modeNode!.Error($"mode '{modeName}' is not one of {string.Join(", ", LocalLabelingModes.Accepted)}");
        }

        var compare = modeName == LocalLabelingModes.Auto;
        return new LocalTeacherSettings(
            address,
            model,
            compare ? LocalTeacherMode.Score : LocalTeacherSettings.Parse(modeName),
            FewShotExamples: spec.Optional("examples")?.WholeNumber(0) ?? int.MaxValue,
            BatchSize: spec.Optional("batch_size")?.WholeNumber(1, 1024) ?? 16,
            CompareModes: compare,
            Token: token);
    }

    private static (Uri Address, string? Token) FromRegistry(SpecNode spec, TeacherEndpoints endpoints, SpecNode? endpointNode, string model)
    {
        var name = endpointNode?.NonEmptyText() ?? DefaultEndpoint;
        var endpoint = endpoints.Resolve(name, TeacherEndpointKind.Inference, problem => (endpointNode ?? spec).Error(
            endpointNode is null ? $"a local teacher needs 'endpoint': {problem}" : problem));
        if (endpoint.Models.Count > 0 && !endpoint.Models.Contains(model, StringComparer.Ordinal))
        {
            throw spec.Required("model").Error($"model '{model}' is not served by endpoint '{name}' (served: {string.Join(", ", endpoint.Models)})");
        }

        return (endpoint.Address ?? new Uri("http://unset.invalid"), endpoint.ApiKey);
    }

    private static (Uri Address, string? Token) FromJob(SpecNode spec, TeacherEndpoints endpoints)
    {
        var addressNode = spec.Optional("address");
        var address = addressNode?.NonEmptyText() ?? endpoints.Environment("DISTILLERY_INFERENCE_ADDRESS") ?? "http://127.0.0.1:5002";
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw (addressNode ?? spec).Error($"address '{address}' is not an http(s) URL of the Inference service");
        }

        var tokenNode = spec.Optional("api_key_env");
        var variable = tokenNode?.NonEmptyText() ?? "DISTILLERY_INFERENCE_TOKEN";
        var token = endpoints.Environment(variable);
        if (tokenNode is not null && string.IsNullOrEmpty(token))
        {
            throw tokenNode.Error($"environment variable {variable} (the Inference service's token) is not set");
        }

        return (uri, string.IsNullOrEmpty(token) ? null : token);
    }
}

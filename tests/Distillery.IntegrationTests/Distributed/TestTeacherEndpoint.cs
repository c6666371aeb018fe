namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// A teacher endpoint as an operator registers it (<c>Distillery:Labeling:Endpoints:&lt;name&gt;</c>):
/// Labeling gets all of it, key included; the Coordinator, which checks jobs against it, its
/// name and kind alone.
/// </summary>
internal sealed record TestTeacherEndpoint(string Name, string Kind, Uri BaseUrl, string ApiKey)
{
    public string[] LabelingSettings =>
    [
        $"--Distillery:Labeling:Endpoints:{Name}:Kind={Kind}",
        $"--Distillery:Labeling:Endpoints:{Name}:BaseUrl={BaseUrl}",
        $"--Distillery:Labeling:Endpoints:{Name}:ApiKey={ApiKey}",
    ];

    public string[] CoordinatorSettings => [$"--Distillery:Labeling:Endpoints:{Name}:Kind={Kind}"];
}

using Distillery.Labeling.Endpoints;
using Microsoft.Extensions.Configuration;

namespace Distillery.Cli.Local;

/// <summary>
/// Teacher endpoints for <c>distillery run</c>, on the user's own machine: any the user registered
/// in the environment (<c>Distillery__Labeling__Endpoints__&lt;name&gt;__BaseUrl</c>, as a service
/// reads them), and besides, whatever URL and key variable the job itself names.
/// </summary>
internal static class LocalTeacherEndpoints
{
    public static TeacherEndpoints FromEnvironment() =>
        TeacherEndpointsSetup.ForLocalRun(new ConfigurationBuilder().AddEnvironmentVariables().Build(), Environment.GetEnvironmentVariable);
}

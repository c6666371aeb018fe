using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;

namespace Distillery.ServiceDefaults.Logging;

/// <summary>
/// One log event per request (Serilog.AspNetCore's middleware): method, route, status and
/// duration. Never a header or a body: requests carry tokens and research texts.
/// </summary>
internal static class RequestLogging
{
    public const string Template = "HTTP {RequestMethod} {RequestRoute} responded {StatusCode} in {Elapsed:0.0000} ms";

    public static WebApplication UseDistilleryRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<ILogger>();
            options.MessageTemplate = Template;
            options.GetLevel = Level;
            // The route pattern, not the path: /jobs/{id} groups requests, and a path is whatever the caller sent.
            options.EnrichDiagnosticContext = (diagnostics, http) =>
                diagnostics.Set("RequestRoute", (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)");
        });
        return app;
    }

    /// <summary>Probes arrive every few seconds: Debug, so they do not bury the requests that matter.</summary>
    private static LogEventLevel Level(HttpContext http, double elapsed, Exception? error) => (http.Response.StatusCode, error) switch
    {
        (_, not null) or ( >= 500, _) => LogEventLevel.Error,
        _ when http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) => LogEventLevel.Debug,
        _ => LogEventLevel.Information,
    };
}

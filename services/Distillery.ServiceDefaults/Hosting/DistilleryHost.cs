using Distillery.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Distillery.ServiceDefaults.Hosting;

/// <summary>
/// Runs a service host. A configuration fault, whether found while composing the host or by
/// start-up validation, ends the process with exit code 78 (EX_CONFIG) and one message naming
/// each bad key, instead of a stack trace.
/// </summary>
public static class DistilleryHost
{
    /// <summary>sysexits.h EX_CONFIG: the configuration is wrong, retrying will not help.</summary>
    public const int ConfigurationErrorExitCode = 78;

    public static async Task<int> RunAsync(
        string[] args,
        string serviceName,
        Action<WebApplicationBuilder> compose,
        Action<WebApplication>? map = null,
        TextWriter? errors = null,
        CancellationToken cancellationToken = default)
    {
        errors ??= Console.Error;
        WebApplication app;
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddServiceDefaults(serviceName);
            compose(builder);
            app = builder.Build();
            app.MapDefaultEndpoints();
            map?.Invoke(app);
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (ConfigurationFault(e) is { } fault)
        {
            await errors.WriteLineAsync($"{serviceName}: configuration error: {fault}");
            return ConfigurationErrorExitCode;
        }

        await using (app)
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return 0;
    }

    /// <summary>The configuration message inside <paramref name="exception"/>, if it is a configuration fault.</summary>
    internal static string? ConfigurationFault(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case InvalidConfigurationException invalid:
                    return invalid.Message;
                case OptionsValidationException validation:
                    return string.Join("; ", validation.Failures);
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Select(ConfigurationFault).FirstOrDefault(message => message is not null);
                default:
                    continue;
            }
        }

        return null;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Distillery.ServiceDefaults.Configuration;

/// <summary>
/// Options bound from one configuration section and validated when the host starts, so a bad
/// value stops the process before it serves anything, with a message naming the key.
/// </summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>Registers <typeparamref name="TOptions"/> bound to <paramref name="sectionPath"/>, validated at start-up.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, string sectionPath)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new ConfigurationKeyValidator<TOptions>(sectionPath));
        return services.AddOptions<TOptions>()
            .Configure<IConfiguration>((options, configuration) => BindSection(configuration, sectionPath, options))
            .ValidateOnStart();
    }

    /// <summary>
    /// Binds and validates a section right now, for settings needed while the host is still
    /// being composed (which transport, which log format).
    /// </summary>
    public static TOptions GetValidated<TOptions>(this IConfiguration configuration, string sectionPath)
        where TOptions : class, new()
    {
        var options = new TOptions();
        BindSection(configuration, sectionPath, options);
        var failures = ConfigurationKeyValidator<TOptions>.Describe(sectionPath, options);
        if (failures.Count > 0)
        {
            throw new InvalidConfigurationException(string.Join(Environment.NewLine, failures));
        }

        return options;
    }

    private static void BindSection<TOptions>(IConfiguration configuration, string sectionPath, TOptions options)
        where TOptions : class
    {
        try
        {
            configuration.GetSection(sectionPath).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            // The binder's own message already names the key ("... at 'Distillery:Bus:Port' ...");
            // this type lets the host tell configuration faults from programming faults.
            throw new InvalidConfigurationException(e.Message, e);
        }
    }
}

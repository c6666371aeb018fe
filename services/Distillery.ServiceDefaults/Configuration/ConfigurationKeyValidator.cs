using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Distillery.ServiceDefaults.Configuration;

/// <summary>
/// Validates an options object with its data annotations and <see cref="IValidatableObject"/>,
/// reporting each failure under its configuration key rather than its C# member name, because
/// the operator who must fix it only sees configuration.
/// </summary>
internal sealed class ConfigurationKeyValidator<TOptions>(string sectionPath) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = Describe(sectionPath, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static List<string> Describe(string sectionPath, TOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = new List<string>();
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            foreach (var member in members)
            {
                var key = member.Length == 0 ? sectionPath : $"{sectionPath}:{member}";
                failures.Add($"{key}: {result.ErrorMessage}");
            }
        }

        return failures;
    }
}

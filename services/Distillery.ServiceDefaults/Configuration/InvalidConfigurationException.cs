namespace Distillery.ServiceDefaults.Configuration;

/// <summary>
/// A configuration value that cannot be used. The message always names the full key
/// (for example <c>Distillery:Bus:Port</c>) so an operator can find it in appsettings or in
/// the environment (<c>Distillery__Bus__Port</c>).
/// </summary>
public sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException(string message)
        : base(message)
    {
    }

    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidConfigurationException()
    {
    }
}

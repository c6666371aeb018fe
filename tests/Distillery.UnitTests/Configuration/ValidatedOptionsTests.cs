using Distillery.ServiceDefaults.Configuration;
using Distillery.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;

namespace Distillery.UnitTests.Configuration;

public sealed class ValidatedOptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)))
            .Build();

    [Fact]
    public void Out_of_range_value_is_reported_under_its_configuration_key()
    {
        var settings = Settings(("Distillery:Bus:Port", "70000"));

        var error = Assert.Throws<InvalidConfigurationException>(() => settings.GetValidated<BusOptions>(BusOptions.Section));

        Assert.Contains("Distillery:Bus:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unparseable_value_names_the_key()
    {
        var settings = Settings(("Distillery:Bus:Port", "five-six-seven-two"));

        var error = Assert.Throws<InvalidConfigurationException>(() => settings.GetValidated<BusOptions>(BusOptions.Section));

        Assert.Contains("Distillery:Bus:Port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelt_key_is_an_error_rather_than_silently_ignored()
    {
        var settings = Settings(("Distillery:Bus:Prot", "5672"));

        var error = Assert.Throws<InvalidConfigurationException>(() => settings.GetValidated<BusOptions>(BusOptions.Section));

        Assert.Contains("Prot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_field_rule_names_the_field_to_change()
    {
        var settings = Settings(
            ("Distillery:Bus:RetryMinInterval", "00:00:10"),
            ("Distillery:Bus:RetryMaxInterval", "00:00:01"));

        var error = Assert.Throws<InvalidConfigurationException>(() => settings.GetValidated<BusOptions>(BusOptions.Section));

        Assert.Contains("Distillery:Bus:RetryMaxInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_values_are_bound()
    {
        var settings = Settings(
            ("Distillery:Bus:Transport", "RabbitMq"),
            ("Distillery:Bus:Port", "35672"),
            ("Distillery:Bus:RedeliveryIntervals:0", "00:00:01"));

        var options = settings.GetValidated<BusOptions>(BusOptions.Section);

        Assert.Equal(BusTransport.RabbitMq, options.Transport);
        Assert.Equal(35672, options.Port);
        Assert.Contains(TimeSpan.FromSeconds(1), options.RedeliveryIntervals);
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Distillery.Evaluation.Reports;

/// <summary>
/// Writes and reads report.json, the machine-readable report. The same report always gives the
/// same bytes: properties in declaration order, camelCase names, enums as camelCase strings,
/// doubles in their shortest round-trip form (NaN as "NaN", since an undefined metric must not
/// stop the report), decimals as stored, '\n' line ends and a final newline. Reading is strict:
/// a missing property, a null where none is allowed or another schema version is an error.
/// </summary>
public static class JsonReportWriter
{
    public const string FileName = "report.json";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The report's JSON conventions (camelCase, enums as strings), for services that store parts of a report.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Write(JobReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options) + "\n";
    }

    public static Task WriteAsync(JobReport report, string path, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Write(report), Utf8, cancellationToken);

    /// <exception cref="JsonException">The text is not a report of <see cref="JobReport.CurrentSchema"/>.</exception>
    public static JobReport Read(string json)
    {
        var report = JsonSerializer.Deserialize<JobReport>(json, Options)
            ?? throw new JsonException("report.json holds null instead of a report");
        return report.SchemaVersion == JobReport.CurrentSchema
            ? report
            : throw new JsonException($"report.json has schema '{report.SchemaVersion}'; this version reads '{JobReport.CurrentSchema}'");
    }

    public static async Task<JobReport> ReadAsync(string path, CancellationToken cancellationToken) =>
        Read(await File.ReadAllTextAsync(path, cancellationToken));

    /// <summary>
    /// The report JSON with every <see cref="Timing"/> removed, formatted as <see cref="Write"/>
    /// formats, so two runs of the same job and seed can be compared as strings. Which values are
    /// timings is read from the report's types, not guessed from property names.
    /// </summary>
    public static string WithoutTimings(string json)
    {
        var root = JsonNode.Parse(json) ?? throw new JsonException("report.json holds null instead of a report");
        RemoveTimings(root, typeof(JobReport));
        return root.ToJsonString(Options) + "\n";
    }

    private static void RemoveTimings(JsonNode node, Type type)
    {
        var contract = Options.GetTypeInfo(type);
        switch (contract.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject json:
                foreach (var property in contract.Properties)
                {
                    if (property.PropertyType == typeof(Timing))
                    {
                        json.Remove(property.Name);
                    }
                    else if (json[property.Name] is { } value)
                    {
                        RemoveTimings(value, property.PropertyType);
                    }
                }

                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray array && contract.ElementType is { } element:
                for (var i = 0; i < array.Count; i++)
                {
                    if (element == typeof(Timing))
                    {
                        array[i] = null;
                    }
                    else if (array[i] is { } item)
                    {
                        RemoveTimings(item, element);
                    }
                }

                break;
            default:
                break;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            NewLine = "\n",
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        };
        options.MakeReadOnly();
        return options;
    }
}

using System.Text.RegularExpressions;
using MassTransit;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>An instrument a meter creates: its name, kind (counter, updowncounter, histogram, gauge) and unit.</summary>
internal sealed record Instrument(string Name, string Kind, string Unit, string Source);

/// <summary>
/// What the services' code defines, read from services/**/*.cs at test time, so that a service
/// written later is checked without touching the tests: the instruments its meters create, its
/// MassTransit consumers (hence queue names), the configuration keys its options classes bind,
/// and its host projects.
/// </summary>
internal static partial class CodeCatalogue
{
    private static readonly Lazy<IReadOnlyList<(string Project, string Path, string Text)>> SourceFiles = new(() => Directory
        .EnumerateFiles(DeploymentTools.PathOf("services"), "*.cs", SearchOption.AllDirectories)
        .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                       && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(file =>
        {
            var relative = Path.GetRelativePath(DeploymentTools.Root, file).Replace('\\', '/');
            return (string.Join('/', relative.Split('/').Take(2)), relative, File.ReadAllText(file));
        })
        .ToList());

    public static IReadOnlyList<(string Project, string Path, string Text)> Sources => SourceFiles.Value;

    /// <summary>Every <c>Meter.Create*&lt;T&gt;("name", "unit", ...)</c> (observable ones: <c>("name", callback, "unit", ...)</c>) under services/, by project.</summary>
    public static IReadOnlyList<(string Project, Instrument Instrument)> Instruments() =>
        (from source in Sources
         from Match match in InstrumentCall().Matches(source.Text)
         select (source.Project, new Instrument(
             match.Groups["name"].Value,
             KindOf(match.Groups["method"].Value),
             match.Groups["unit"].Success ? match.Groups["unit"].Value : string.Empty,
             source.Path))).ToList();

    public static string KindOf(string createMethod) => createMethod switch
    {
        "Counter" or "ObservableCounter" => "counter",
        "UpDownCounter" or "ObservableUpDownCounter" => "updowncounter",
        "Histogram" => "histogram",
        "Gauge" or "ObservableGauge" => "gauge",
        _ => throw new ArgumentException($"unknown instrument kind {createMethod}", nameof(createMethod)),
    };

    /// <summary>Every class implementing <c>IConsumer&lt;T&gt;</c> under services/, by project.</summary>
    public static IReadOnlyList<(string Project, string Consumer)> Consumers() =>
        (from source in Sources
         from Match match in ConsumerClass().Matches(source.Text)
         select (source.Project, match.Groups["name"].Value)).ToList();

    /// <summary>
    /// The queue MassTransit's kebab-case formatter (BusSetup: SetKebabCaseEndpointNameFormatter)
    /// gives a consumer: its name without the "Consumer" suffix, sanitised by MassTransit itself.
    /// </summary>
    public static string EndpointName(string consumerClass)
    {
        const string suffix = "Consumer";
        var name = consumerClass.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && consumerClass.Length > suffix.Length
            ? consumerClass[..^suffix.Length]
            : consumerClass;
        return KebabCaseEndpointNameFormatter.Instance.SanitizeName(name);
    }

    /// <summary>Endpoint names given explicitly in code (<c>EndpointName = "..."</c>, <c>ReceiveEndpoint("...")</c>).</summary>
    public static IReadOnlyList<string> ExplicitEndpointNames() =>
        (from source in Sources
         from Match match in ExplicitEndpoint().Matches(source.Text)
         select match.Groups["name"].Value).ToList();

    /// <summary>
    /// Options classes bound to a <c>Distillery:*</c> section (<c>AddValidatedOptions</c>,
    /// <c>GetValidated</c>, or <c>AddOptions...BindConfiguration</c>), with the environment-variable
    /// form of every key they read, as regular expressions (list items take an index, dictionaries any key).
    /// </summary>
    public static IReadOnlyList<(string Project, string Class, string Section, IReadOnlyList<Regex> Keys)> Options()
    {
        var bound = Sources
            .SelectMany(source => BindingCall().Matches(source.Text).Select(match => match.Groups["type"].Value))
            .ToHashSet(StringComparer.Ordinal);
        var classes = Sources
            .SelectMany(source => ClassDeclaration().Matches(source.Text).Select(match => (source.Project, Match: match, source.Text)))
            .ToList();
        var enums = Sources.SelectMany(source => EnumDeclaration().Matches(source.Text).Select(match => match.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, match, text) in classes)
        {
            bodies.TryAdd(match.Groups["name"].Value, ClassBody(text, match.Index));
        }


        var result = new List<(string, string, string, IReadOnlyList<Regex>)>();
        foreach (var (project, match, _) in classes.DistinctBy(c => c.Match.Groups["name"].Value))
        {
            var name = match.Groups["name"].Value;
            var section = SectionConstant().Match(bodies[name]);
            if (!section.Success || !bound.Contains(name) || !section.Groups["section"].Value.StartsWith("Distillery:", StringComparison.Ordinal))
            {
                continue;
            }

            var prefix = Regex.Escape(section.Groups["section"].Value.Replace(":", "__", StringComparison.Ordinal));
            var keys = new List<Regex>();
            AddKeys(prefix, bodies[name], bodies, enums, keys, depth: 0);
            result.Add((project, name, section.Groups["section"].Value, keys));
        }

        return result;
    }

    /// <summary>OpenTelemetry's environment variables the services read (string literals such as <c>"OTEL_EXPORTER_OTLP_ENDPOINT"</c>).</summary>
    public static IReadOnlySet<string> OpenTelemetryKeys() => Sources
        .SelectMany(source => OtelLiteral().Matches(source.Text).Select(match => match.Groups["key"].Value))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Host projects (Sdk="Microsoft.NET.Sdk.Web" with an AssemblyName) under services/: path → assembly name.</summary>
    public static IReadOnlyDictionary<string, string> HostProjects() => Directory
        .EnumerateFiles(DeploymentTools.PathOf("services"), "*.csproj", SearchOption.AllDirectories)
        .Select(file => (Path: Path.GetRelativePath(DeploymentTools.Root, file).Replace('\\', '/'), Text: File.ReadAllText(file)))
        .Where(project => project.Text.Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal))
        .ToDictionary(
            project => project.Path,
            project => AssemblyNameElement().Match(project.Text) is { Success: true } assembly
                ? assembly.Groups["name"].Value
                : Path.GetFileNameWithoutExtension(project.Path),
            StringComparer.Ordinal);

    /// <summary>
    /// Each host project's assembly name and whether the host serves the gRPC health service
    /// (what Kubernetes' native gRPC probe calls): its Program.cs calls <c>MapGrpcHealthChecksService</c>
    /// or <c>MapDistilleryGrpcService</c> (which maps health beside the service), or a
    /// <c>Map*(this IEndpointRouteBuilder)</c> extension under services/ that calls one of them.
    /// </summary>
    public static IReadOnlyDictionary<string, bool> HostsServingGrpcHealth()
    {
        string[] healthMappers = ["MapGrpcHealthChecksService", "MapDistilleryGrpcService"];
        var mapsHealth = new HashSet<string>(healthMappers, StringComparer.Ordinal);
        foreach (var source in Sources)
        {
            foreach (Match extension in EndpointExtension().Matches(source.Text))
            {
                var body = MethodBody(source.Text, extension.Index + extension.Length);
                if (healthMappers.Any(mapper => body.Contains($".{mapper}(", StringComparison.Ordinal) || body.Contains($".{mapper}<", StringComparison.Ordinal)))
                {
                    mapsHealth.Add(extension.Groups["name"].Value);
                }
            }
        }

        return HostProjects().ToDictionary(
            host => host.Value,
            host =>
            {
                var program = Path.Combine(Path.GetDirectoryName(DeploymentTools.PathOf(host.Key.Split('/')))!, "Program.cs");
                return File.Exists(program) && MapCall().Matches(File.ReadAllText(program)).Any(call => mapsHealth.Contains(call.Groups["name"].Value));
            },
            StringComparer.Ordinal);
    }

    /// <summary>A method's body from just after its parameter list: the braces, or an expression body up to its semicolon.</summary>
    private static string MethodBody(string text, int afterParameters)
    {
        var arrow = text.IndexOf("=>", afterParameters, StringComparison.Ordinal);
        var brace = text.IndexOf('{', afterParameters);
        return arrow >= 0 && (brace < 0 || arrow < brace)
            ? text[arrow..Math.Max(arrow, text.IndexOf(';', arrow))]
            : ClassBody(text, afterParameters);
    }

    private static void AddKeys(string prefix, string body, IReadOnlyDictionary<string, string> bodies, IReadOnlySet<string> enums, List<Regex> keys, int depth)
    {
        foreach (Match property in PublicProperty().Matches(body))
        {
            var type = property.Groups["type"].Value.Replace(" ", string.Empty, StringComparison.Ordinal).TrimEnd('?');
            var key = $"{prefix}__{property.Groups["name"].Value}";
            if (CollectionType().Match(type) is { Success: true } collection)
            {
                var element = collection.Groups["element"].Value;
                var itemKey = collection.Groups["kind"].Value.Contains("Dictionary", StringComparison.Ordinal)
                    ? $"{key}__[^_]+(?:_[^_]+)*"
                    : $"{key}__[0-9]+";
                if (bodies.TryGetValue(element, out var elementBody) && !enums.Contains(element) && depth < 5)
                {
                    AddKeys(itemKey, elementBody, bodies, enums, keys, depth + 1);
                }
                else
                {
                    keys.Add(new Regex($"^{itemKey}$", RegexOptions.CultureInvariant));
                }
            }
            else if (bodies.TryGetValue(type, out var nestedBody) && !enums.Contains(type) && depth < 5)
            {
                AddKeys(key, nestedBody, bodies, enums, keys, depth + 1);
            }
            else
            {
                keys.Add(new Regex($"^{key}$", RegexOptions.CultureInvariant));
            }
        }
    }

    /// <summary>The text between a class declaration's braces (records and positional parameters aside).</summary>
    private static string ClassBody(string text, int start)
    {
        var open = text.IndexOf('{', start);
        if (open < 0)
        {
            return string.Empty;
        }

        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[(open + 1)..i];
            }
        }

        return text[(open + 1)..];
    }

    // The unit is the argument after the name, or after the callback of an observable instrument.
    [GeneratedRegex(@"\.Create(?<method>Counter|Histogram|UpDownCounter|Gauge|ObservableCounter|ObservableGauge|ObservableUpDownCounter)<[^>]+>\(\s*""(?<name>[^""]+)""(?:\s*,\s*(?:[A-Za-z_][\w.]*\s*,\s*)?""(?<unit>[^""]*)"")?")]
    private static partial Regex InstrumentCall();

    [GeneratedRegex(@"\bclass\s+(?<name>\w+)\b[^{;]*?\bIConsumer<")]
    private static partial Regex ConsumerClass();

    [GeneratedRegex(@"(?:\bEndpointName\s*=|\.ReceiveEndpoint\()\s*""(?<name>[^""]+)""")]
    private static partial Regex ExplicitEndpoint();

    [GeneratedRegex(@"(?:AddValidatedOptions|GetValidated)<(?<type>\w+)>|AddOptions<(?<type>\w+)>\(\)\s*\.BindConfiguration\(")]
    private static partial Regex BindingCall();

    [GeneratedRegex(@"\b(?:class|record)\s+(?<name>\w+)\b")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"\benum\s+(?<name>\w+)\b")]
    private static partial Regex EnumDeclaration();

    [GeneratedRegex(@"const\s+string\s+Section\s*=\s*""(?<section>[^""]+)""")]
    private static partial Regex SectionConstant();

    [GeneratedRegex(@"public\s+(?<type>[\w.]+(?:<[\w.,\s<>?]+>)?\??(?:\[\])?)\s+(?<name>\w+)\s*\{\s*get;")]
    private static partial Regex PublicProperty();

    [GeneratedRegex(@"^(?<kind>IList|List|ICollection|IEnumerable|IReadOnlyList|Dictionary|IDictionary|IReadOnlyDictionary)<(?:string,)?(?<element>[\w.]+)\??>$|^(?<element>[\w.]+)\[\]$")]
    private static partial Regex CollectionType();

    [GeneratedRegex("\"(?<key>OTEL_[A-Z_]+)\"")]
    private static partial Regex OtelLiteral();

    [GeneratedRegex(@"\bpublic\s+static\s+[\w.<>?]+\s+(?<name>Map\w+)\s*\(\s*this\s+IEndpointRouteBuilder\s+\w+\s*\)")]
    private static partial Regex EndpointExtension();

    [GeneratedRegex(@"\b(?<name>Map\w+)\s*\(")]
    private static partial Regex MapCall();

    [GeneratedRegex("<AssemblyName>(?<name>[^<]+)</AssemblyName>")]
    private static partial Regex AssemblyNameElement();
}

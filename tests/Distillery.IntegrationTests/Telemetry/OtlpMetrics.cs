using Google.Protobuf;
using static Distillery.Testing.ProtobufFields;

namespace Distillery.IntegrationTests.Telemetry;

/// <summary>One number data point of an exported OTLP metric (gauge or sum).</summary>
internal sealed record OtlpNumberPoint(string Service, string Metric, string Unit, IReadOnlyDictionary<string, string> Attributes, double Value, ulong TimeUnixNano);

/// <summary>
/// Reads the number data points (gauges and sums) of an OTLP/HTTP protobuf metrics export
/// (<c>ExportMetricsServiceRequest</c>, opentelemetry/proto/metrics/v1/metrics.proto) field by
/// field with Google.Protobuf's wire reader, so a test can check what a service process exported.
/// Histograms and other point kinds are skipped.
/// </summary>
internal static class OtlpMetrics
{
    public static IReadOnlyList<OtlpNumberPoint> NumberPoints(byte[] exportRequest)
    {
        var points = new List<OtlpNumberPoint>();
        foreach (var resourceMetrics in Fields(exportRequest, 1))
        {
            var service = string.Empty;
            foreach (var resource in Fields(resourceMetrics, 1))
            {
                service = Attributes(resource, 1).GetValueOrDefault("service.name", string.Empty);
            }

            foreach (var scopeMetrics in Fields(resourceMetrics, 2))
            {
                foreach (var metric in Fields(scopeMetrics, 2))
                {
                    var name = Text(metric, 1);
                    var unit = Text(metric, 3);
                    // Gauge (5) and Sum (7) both hold NumberDataPoints in field 1.
                    foreach (var data in Fields(metric, 5).Concat(Fields(metric, 7)))
                    {
                        foreach (var point in Fields(data, 1))
                        {
                            points.Add(NumberPoint(service, name, unit, point));
                        }
                    }
                }
            }
        }

        return points;
    }

    private static OtlpNumberPoint NumberPoint(string service, string metric, string unit, byte[] point)
    {
        double value = 0;
        ulong time = 0;
        var input = new CodedInputStream(point);
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3:
                    time = input.ReadFixed64();
                    break;
                case 4:
                    value = input.ReadDouble();
                    break;
                case 6:
                    value = input.ReadSFixed64();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OtlpNumberPoint(service, metric, unit, Attributes(point, 7), value, time);
    }

    /// <summary>KeyValue attributes in field <paramref name="field"/>, string values only.</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Fields(message, field))
        {
            var key = Text(pair, 1);
            foreach (var value in Fields(pair, 2))
            {
                attributes[key] = Text(value, 1);
            }
        }

        return attributes;
    }
}

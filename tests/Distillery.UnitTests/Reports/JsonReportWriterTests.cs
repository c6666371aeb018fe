using System.Text;
using System.Text.Json;
using Distillery.Evaluation.Reports;

namespace Distillery.UnitTests.Reports;

public sealed class JsonReportWriterTests
{
    [Fact]
    public void A_report_read_back_equals_the_one_written()
    {
        var report = SampleReports.Job();

        var json = JsonReportWriter.Write(report);
        var read = JsonReportWriter.Read(json);

        Assert.Equivalent(report, read, strict: true);
        Assert.Equal(json, JsonReportWriter.Write(read));
    }

    [Fact]
    public async Task Two_writes_of_the_same_report_are_byte_identical()
    {
        using var folder = new TempFolder();
        var first = Path.Combine(folder.Path, "first.json");
        var second = Path.Combine(folder.Path, "second.json");

        await JsonReportWriter.WriteAsync(SampleReports.Job(), first, CancellationToken.None);
        await JsonReportWriter.WriteAsync(SampleReports.Job(), second, CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
        Assert.Equivalent(SampleReports.Job(), await JsonReportWriter.ReadAsync(first, CancellationToken.None), strict: true);
    }

    [Fact]
    public void Json_has_camel_case_names_enum_strings_unix_line_ends_and_no_byte_order_mark()
    {
        var json = JsonReportWriter.Write(SampleReports.Job());

        Assert.StartsWith("{\n  \"schemaVersion\": \"distillery.report/v1\",\n  \"job\": \"benchmark-simulated\",", json, StringComparison.Ordinal);
        Assert.Contains("\"outcome\": \"gateFailed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"outcome\": \"completed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"trainingSeconds\": {\n", json, StringComparison.Ordinal);
        Assert.Contains("\"isLanguageModel\": false", json, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', json);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
        Assert.NotEqual(0xEF, Encoding.UTF8.GetBytes(json)[0]);
    }

    [Fact]
    public void Doubles_decimals_and_undefined_metrics_survive_the_round_trip_exactly()
    {
        var report = SampleReports.Job(3);
        var task = report.Tasks[0];
        var arm = task.Arms[0] with
        {
            F1 = new Estimate(0.1 + 0.2, 1e-17, 1, 0.95),
            Costs = task.Arms[0].Costs with { CostUsd = 0.10m },
        };
        var gate = task.Gate with { CohensKappa = double.NaN, KrippendorffsAlpha = double.NegativeInfinity };
        report = report with { Tasks = [task with { Arms = [arm, .. task.Arms.Skip(1)], Gate = gate }, .. report.Tasks.Skip(1)] };

        var json = JsonReportWriter.Write(report);
        var read = JsonReportWriter.Read(json);

        Assert.Contains("\"value\": 0.30000000000000004", json, StringComparison.Ordinal);
        Assert.Contains("\"costUsd\": 0.10", json, StringComparison.Ordinal);
        Assert.Contains("\"cohensKappa\": \"NaN\"", json, StringComparison.Ordinal);
        Assert.Equal(0.1 + 0.2, read.Tasks[0].Arms[0].F1.Value);
        Assert.Equal(1e-17, read.Tasks[0].Arms[0].F1.Lower);
        Assert.True(double.IsNaN(read.Tasks[0].Gate.CohensKappa));
        Assert.Equal(double.NegativeInfinity, read.Tasks[0].Gate.KrippendorffsAlpha);
        Assert.Equal(json, JsonReportWriter.Write(read));
    }

    [Fact]
    public void Without_timings_two_reports_that_differ_only_in_timing_are_equal()
    {
        var first = JsonReportWriter.Write(SampleReports.Job(timingScale: 1));
        var second = JsonReportWriter.Write(SampleReports.Job(timingScale: 3.7));
        Assert.NotEqual(first, second);

        var stripped = JsonReportWriter.WithoutTimings(first);

        Assert.Equal(stripped, JsonReportWriter.WithoutTimings(second));
        Assert.DoesNotContain("Seconds", stripped, StringComparison.Ordinal);
        Assert.Contains("\"trainingItems\"", stripped, StringComparison.Ordinal);
        Assert.Contains("\"promptTokens\"", stripped, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_timings_two_reports_that_differ_in_an_F1_value_stay_unequal()
    {
        var report = SampleReports.Job();
        var changed = SampleReports.WithF1(report, 0, "teacher-student", report.Tasks[0].Arms[1].F1.Value + 0.001);

        Assert.NotEqual(
            JsonReportWriter.WithoutTimings(JsonReportWriter.Write(report)),
            JsonReportWriter.WithoutTimings(JsonReportWriter.Write(changed)));
    }

    [Fact]
    public void Without_timings_leaves_a_report_without_timings_as_written()
    {
        var report = SampleReports.Job();
        var stripped = JsonReportWriter.WithoutTimings(JsonReportWriter.Write(report));

        Assert.Equal(stripped, JsonReportWriter.WithoutTimings(stripped));
        Assert.StartsWith("{\n  \"schemaVersion\"", stripped, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_schema_version_is_refused()
    {
        var json = JsonReportWriter.Write(SampleReports.Job(2) with { SchemaVersion = "distillery.report/v0" });

        var error = Assert.Throws<JsonException>(() => JsonReportWriter.Read(json));
        Assert.Contains("distillery.report/v0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_null_required_property_is_refused()
    {
        var json = JsonReportWriter.Write(SampleReports.Job(2));

        Assert.ThrowsAny<JsonException>(() => JsonReportWriter.Read(json.Replace("\"job\": \"benchmark-simulated\",", "", StringComparison.Ordinal)));
        Assert.ThrowsAny<JsonException>(() => JsonReportWriter.Read(json.Replace("\"job\": \"benchmark-simulated\"", "\"job\": null", StringComparison.Ordinal)));
        Assert.ThrowsAny<JsonException>(() => JsonReportWriter.Read(json.Replace("\"outcome\": \"completed\"", "\"outcome\": 0", StringComparison.Ordinal)));
    }
}

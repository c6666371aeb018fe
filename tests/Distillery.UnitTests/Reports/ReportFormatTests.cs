using Distillery.Evaluation.Reports;

namespace Distillery.UnitTests.Reports;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(0.8124, "0.812")]
    [InlineData(1.0, "1.000")]
    [InlineData(0.0, "0.000")]
    [InlineData(-0.0004, "0.000")]
    [InlineData(-0.0123, "-0.012")]
    [InlineData(double.NaN, "n/a")]
    public void Numbers_have_three_decimals_and_no_negative_zero(double value, string expected) =>
        Assert.Equal(expected, ReportFormat.Number(value));

    [Fact]
    public void Negative_zero_is_written_as_zero()
    {
        Assert.Equal("0.000", ReportFormat.Number(-0.0));
        Assert.Equal("0.000", ReportFormat.Signed(-0.0));
    }

    [Theory]
    [InlineData(0.039, "+0.039")]
    [InlineData(-0.006, "-0.006")]
    [InlineData(0.0002, "0.000")]
    [InlineData(-0.0002, "0.000")]
    public void Differences_show_their_sign(double value, string expected) =>
        Assert.Equal(expected, ReportFormat.Signed(value));

    [Fact]
    public void An_estimate_reads_point_then_interval()
    {
        Assert.Equal("0.812 [0.77, 0.85]", ReportFormat.Estimate(new Estimate(0.8123, 0.7701, 0.8499, 0.95)));
        Assert.Equal("+0.039 [-0.01, 0.08]", ReportFormat.SignedEstimate(new Estimate(0.039, -0.012, 0.081, 0.95)));
        Assert.Equal("95%", ReportFormat.Level(0.95));
        Assert.Equal("99.5%", ReportFormat.Level(0.995));
    }

    [Fact]
    public void Counts_money_and_seconds_are_invariant()
    {
        Assert.Equal("12,345", ReportFormat.Count(12345));
        Assert.Equal("$0.0123", ReportFormat.Money(0.0123m));
        Assert.Equal("$4.50", ReportFormat.Money(4.5m));
        Assert.Equal("unknown", ReportFormat.Money((decimal?)null));
        Assert.Equal("12.35 s", ReportFormat.Seconds(12.345));
        Assert.Equal("< 0.001", ReportFormat.Probability(0.0004));
    }
}

using Distillery.Grpc.Wire;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>The <c>grpc-timeout</c> header our client sends: at most 8 digits, rounded up, and read back by our server as at least the time asked for.</summary>
public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData(300.0, "300m")]
    [InlineData(0.4, "1m")]
    [InlineData(-5.0, "1m")]
    [InlineData(99_999_999.0, "99999999m")]
    [InlineData(100_000_000.0, "100000S")]
    [InlineData(172_800_000_000.0, "2880000M")]
    [InlineData(1e14, "27777778H")]
    public void A_timeout_is_written_in_the_finest_unit_that_fits_eight_digits(double milliseconds, string header)
    {
        var written = GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(header, written);
        Assert.True(GrpcTimeout.TryParse(written, out var read));
        Assert.True(read >= TimeSpan.FromMilliseconds(milliseconds), $"{written} reads back as {read}");
    }
}

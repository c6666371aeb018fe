using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Distillery.UnitTests.Reports;

/// <summary>
/// The decoder against PNGs written here with every row filter, so each filter's inverse is
/// checked on known pixels rather than only on whatever filters Chromium happens to choose.
/// </summary>
public sealed class PngImageTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Decodes_every_row_filter_back_to_the_original_pixels(int channels)
    {
        const int width = 7, height = 10;
        var pixels = new byte[width * height * channels];
        new Random(channels).NextBytes(pixels);

        // Rows cycle through None, Sub, Up, Average, Paeth (twice), so each follows each other filter.
        var image = PngImage.Decode(Encode(width, height, channels, pixels, row => (byte)(row % 5)));

        Assert.Equal((width, height), (image.Width, image.Height));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * channels;
                var alpha = channels == 4 ? pixels[i + 3] : 255u;
                var expected = ((uint)pixels[i] << 24) | ((uint)pixels[i + 1] << 16) | ((uint)pixels[i + 2] << 8) | alpha;
                Assert.Equal(expected, image.Pixel(x, y));
            }
        }
    }

    [Fact]
    public void Image_data_split_over_several_IDAT_chunks_is_joined()
    {
        var pixels = Enumerable.Range(0, 4 * 4 * 3).Select(i => (byte)(i * 5)).ToArray();

        var image = PngImage.Decode(Encode(4, 4, 3, pixels, row => 4, idatChunkSize: 5));

        Assert.Equal(0x00050AFFu, image.Pixel(0, 0));
        Assert.Equal(16, image.DistinctColours());
    }

    [Fact]
    public void A_white_image_has_one_colour_and_no_non_white_pixels()
    {
        var image = PngImage.Decode(Encode(8, 3, 3, Enumerable.Repeat((byte)255, 8 * 3 * 3).ToArray(), row => 0));

        Assert.Equal(1, image.DistinctColours());
        Assert.Equal(0, image.NonWhiteFraction());
    }

    [Fact]
    public void A_corrupted_chunk_fails_its_CRC()
    {
        var png = Encode(2, 2, 3, new byte[12], row => 0);
        png[^20] ^= 0xFF; // inside the IDAT data

        var error = Assert.Throws<InvalidDataException>(() => PngImage.Decode(png));
        Assert.Contains("CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_files_are_not_PNGs()
    {
        var error = Assert.Throws<InvalidDataException>(() => PngImage.Decode(Encoding.ASCII.GetBytes("GIF89a, not a PNG at all")));
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A minimal PNG writer: IHDR, the filtered rows deflated into IDAT chunks of the given size, IEND.</summary>
    private static byte[] Encode(int width, int height, int channels, byte[] pixels, Func<int, byte> filterForRow, int idatChunkSize = 1 << 16)
    {
        var stride = width * channels;
        var raw = new byte[height * (stride + 1)];
        for (var y = 0; y < height; y++)
        {
            var filter = filterForRow(y);
            raw[y * (stride + 1)] = filter;
            for (var i = 0; i < stride; i++)
            {
                int Get(int row, int column) => row < 0 || column < 0 ? 0 : pixels[(row * stride) + column];
                var (left, up, upLeft) = (Get(y, i - channels), Get(y - 1, i), Get(y - 1, i - channels));
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    _ => Paeth(left, up, upLeft),
                };
                raw[(y * (stride + 1)) + 1 + i] = (byte)(pixels[(y * stride) + i] - predictor);
            }
        }

        using var deflated = new MemoryStream();
        using (var zlib = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (8, channels == 4 ? (byte)6 : (byte)2);
        WriteChunk(png, "IHDR", header);
        foreach (var chunk in deflated.ToArray().Chunk(idatChunkSize))
        {
            WriteChunk(png, "IDAT", chunk);
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var (toLeft, toUp, toUpLeft) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - upLeft));
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(chunk.AsSpan(4, 4 + data.Length)));
        png.Write(chunk);
    }
}

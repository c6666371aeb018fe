using System.Buffers.Binary;
using System.IO.Compression;

namespace Distillery.UnitTests.Reports;

/// <summary>
/// A PNG decoder for what Chromium writes: 8-bit RGB or RGBA, not interlaced. It checks the
/// signature and every chunk's CRC, joins the IDAT chunks, inflates them (zlib) and undoes the
/// per-row filters (None, Sub, Up, Average, Paeth), so the tests can look at real pixels
/// without an imaging library.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _rgba;

    private PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        _rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixel as 0xRRGGBBAA.</summary>
    public uint Pixel(int x, int y) => BinaryPrimitives.ReadUInt32BigEndian(_rgba.AsSpan(((y * Width) + x) * 4, 4));

    public int DistinctColours()
    {
        var colours = new HashSet<uint>();
        for (var i = 0; i < _rgba.Length; i += 4)
        {
            colours.Add(BinaryPrimitives.ReadUInt32BigEndian(_rgba.AsSpan(i, 4)));
        }

        return colours.Count;
    }

    /// <summary>The share of pixels that are not (nearly) white; alpha is ignored, as the screenshot is opaque.</summary>
    public double NonWhiteFraction()
    {
        var count = 0;
        for (var i = 0; i < _rgba.Length; i += 4)
        {
            if (_rgba[i] < 245 || _rgba[i + 1] < 245 || _rgba[i + 2] < 245)
            {
                count++;
            }
        }

        return (double)count / (Width * Height);
    }

    public static PngImage Decode(byte[] png)
    {
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG: the signature is wrong");
        }

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        var offset = Signature.Length;
        var ended = false;
        while (!ended)
        {
            var (type, data) = ReadChunk(png, ref offset);
            switch (type)
            {
                case "IHDR":
                    (width, height, channels) = ReadHeader(data);
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    break;
            }
        }

        if (channels == 0)
        {
            throw new InvalidDataException("PNG has no IHDR chunk");
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new PngImage(width, height, ToRgba(Unfilter(inflated.ToArray(), width, height, channels), width * height, channels));
    }

    private static (string Type, byte[] Data) ReadChunk(byte[] png, ref int offset)
    {
        if (offset + 12 > png.Length)
        {
            throw new InvalidDataException($"PNG ends inside a chunk header at byte {offset}");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset, 4));
        if (length < 0 || offset + 12L + length > png.Length)
        {
            throw new InvalidDataException($"PNG chunk at byte {offset} runs past the end");
        }

        var typeAndData = png.AsSpan(offset + 4, 4 + length);
        var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length, 4));
        var type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
        if (Crc32.Compute(typeAndData) != crc)
        {
            throw new InvalidDataException($"PNG chunk {type} at byte {offset} fails its CRC");
        }

        offset += 12 + length;
        return (type, typeAndData[4..].ToArray());
    }

    private static (int Width, int Height, int Channels) ReadHeader(byte[] header)
    {
        var width = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(0, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4, 4));
        var (bitDepth, colourType, interlace) = (header[8], header[9], header[12]);
        if (bitDepth != 8 || interlace != 0)
        {
            throw new NotSupportedException($"PNG with bit depth {bitDepth} and interlace {interlace}: only 8-bit, not interlaced");
        }

        return colourType switch
        {
            2 => (width, height, 3),
            6 => (width, height, 4),
            _ => throw new NotSupportedException($"PNG colour type {colourType}: only RGB (2) and RGBA (6)"),
        };
    }

    /// <summary>Undoes each row's filter in place; the filter byte leads each row, and a pixel's left neighbour is a whole pixel back.</summary>
    private static byte[] Unfilter(byte[] data, int width, int height, int channels)
    {
        var stride = width * channels;
        if (data.Length != height * (stride + 1))
        {
            throw new InvalidDataException($"PNG image data holds {data.Length} bytes; {width}x{height} needs {height * (stride + 1)}");
        }

        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var source = data.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var above = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                var left = i >= channels ? row[i - channels] : 0;
                var up = above[i];
                var upLeft = i >= channels ? above[i - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG row {y} has unknown filter {filter}"),
                };
                row[i] = (byte)(source[i] + predictor);
            }
        }

        return pixels;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var (toLeft, toUp, toUpLeft) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - upLeft));
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static byte[] ToRgba(byte[] pixels, int count, int channels)
    {
        if (channels == 4)
        {
            return pixels;
        }

        var rgba = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            rgba[i * 4] = pixels[i * 3];
            rgba[(i * 4) + 1] = pixels[(i * 3) + 1];
            rgba[(i * 4) + 2] = pixels[(i * 3) + 2];
            rgba[(i * 4) + 3] = 255;
        }

        return rgba;
    }
}

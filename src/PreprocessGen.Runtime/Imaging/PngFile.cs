using System;
using System.Buffers.Binary;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// PNG: the chunk structure, IHDR and palette are read here (to know the mode Pillow opens it in and to catch
/// truncation); ImageSharp inflates and unfilters the pixels.
/// </summary>
internal static class PngFile
{
    public static DecodedImage Decode(ReadOnlySpan<byte> data, string name)
    {
        int width = 0, height = 0, bitDepth = 0, colorType = -1;
        ReadOnlySpan<byte> palette = default, transparency = default;
        bool sawIdat = false, sawIend = false;
        int pos = 8;
        while (pos < data.Length)
        {
            if (pos + 8 > data.Length) throw new ImageDecodeException(name, $"truncated PNG: a chunk header is cut off at byte {pos}");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(pos));
            var type = data.Slice(pos + 4, 4);
            if (length > int.MaxValue || pos + 12L + length > data.Length)
                throw new ImageDecodeException(name, $"truncated PNG: chunk '{Ascii(type)}' at byte {pos} needs {length} bytes, the file ends first");
            var body = data.Slice(pos + 8, (int)length);
            string t = Ascii(type);
            if (pos == 8 && t != "IHDR") throw new ImageDecodeException(name, "corrupt PNG: the first chunk is not IHDR");
            switch (t)
            {
                case "IHDR":
                    if (body.Length < 13) throw new ImageDecodeException(name, "corrupt PNG: IHDR is shorter than 13 bytes");
                    uint w32 = BinaryPrimitives.ReadUInt32BigEndian(body), h32 = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(4));
                    if (w32 == 0 || h32 == 0 || w32 > int.MaxValue || h32 > int.MaxValue)
                        throw new ImageDecodeException(name, $"corrupt PNG: image size {w32}x{h32} is out of range");
                    width = (int)w32;
                    height = (int)h32;
                    bitDepth = body[8];
                    colorType = body[9];
                    break;
                case "PLTE":
                    palette = body;
                    break;
                case "tRNS":
                    transparency = body;
                    break;
                case "IDAT":
                    sawIdat = true;
                    break;
                case "IEND":
                    sawIend = true;
                    break;
            }

            pos += 12 + (int)length;
            if (sawIend) break;
        }

        if (colorType < 0) throw new ImageDecodeException(name, "corrupt PNG: no IHDR chunk");
        if (width <= 0 || height <= 0) throw new ImageDecodeException(name, $"corrupt PNG: image size {width}x{height}");
        ImageDecoder.CheckPixelLimit(name, width, height);
        if (!sawIdat) throw new ImageDecodeException(name, "truncated PNG: no image data (IDAT chunk)");
        if (!sawIend) throw new ImageDecodeException(name, "truncated PNG: the file ends before the IEND chunk");

        switch (colorType, bitDepth)
        {
            case (0, 1):
            {
                // Pillow mode "1": resized nearest like a palette image, 0 stays black and 1 becomes 255.
                var rgba = ImageDecoder.ImageSharpRgba32(data, width, height, name);
                return new DecodedImage(ImageDecoder.FromRgba(rgba, PixelFormat.L), width, height, PixelFormat.P, ImageDecoder.BilevelPalette(), "PNG", "ImageSharp 2.1 (lossless)");
            }

            case (0, 2):
            case (0, 4):
            case (0, 8):
                return Channels(data, width, height, PixelFormat.L, wide: false, name);
            case (0, 16):
                throw new ImageDecodeException(name, "16-bit grayscale PNG: Pillow opens it as 32-bit mode I, which the Python pipelines clip to 0..255 rather than scale; save it as 8-bit grayscale or RGB");
            case (2, 8):
            case (2, 16):
                return Channels(data, width, height, PixelFormat.Rgb, bitDepth == 16, name);
            case (3, 1):
            case (3, 2):
            case (3, 4):
            case (3, 8):
            {
                if (palette.IsEmpty || palette.Length % 3 != 0 || palette.Length > 768)
                    throw new ImageDecodeException(name, "corrupt PNG: a palette image without a valid PLTE chunk");
                var rgba = ImageDecoder.ImageSharpRgba32(data, width, height, name);
                var indices = ImageDecoder.ToIndices(rgba, palette, transparency, name);
                return new DecodedImage(indices, width, height, PixelFormat.P, palette.ToArray(), "PNG", "ImageSharp 2.1 (lossless)");
            }

            case (4, 8):
            case (4, 16):
                return Channels(data, width, height, PixelFormat.La, bitDepth == 16, name);
            case (6, 8):
            case (6, 16):
                return Channels(data, width, height, PixelFormat.Rgba, bitDepth == 16, name);
            default:
                throw new ImageDecodeException(name, $"corrupt PNG: colour type {colorType} with bit depth {bitDepth} is not valid");
        }
    }

    private static DecodedImage Channels(ReadOnlySpan<byte> data, int width, int height, PixelFormat format, bool wide, string name)
    {
        var rgba = wide ? ImageDecoder.ImageSharpRgba64HighBytes(data, width, height, name) : ImageDecoder.ImageSharpRgba32(data, width, height, name);
        return new DecodedImage(ImageDecoder.FromRgba(rgba, format), width, height, format, null, "PNG", "ImageSharp 2.1 (lossless)");
    }

    private static string Ascii(ReadOnlySpan<byte> four)
    {
        Span<char> c = stackalloc char[4];
        for (int i = 0; i < 4; i++) c[i] = four[i] is >= 32 and < 127 ? (char)four[i] : '?';
        return c.ToString();
    }
}

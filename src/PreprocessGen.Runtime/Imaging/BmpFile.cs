using System;
using System.Buffers.Binary;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// BMP as Pillow opens it: 24- and 32-bit uncompressed as RGB (the fourth byte ignored), 1/4/8-bit palette files as P,
/// or as L / bilevel when the palette is the gray ramp. The header is read here; ImageSharp decodes the pixels.
/// </summary>
internal static class BmpFile
{
    public static DecodedImage Decode(ReadOnlySpan<byte> d, string name)
    {
        if (d.Length < 26) throw new ImageDecodeException(name, "truncated BMP: the headers are cut off");
        int headerSize = BinaryPrimitives.ReadInt32LittleEndian(d.Slice(14));
        int width, height, bpp, compression = 0, colorsUsed = 0, entryBytes;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadInt16LittleEndian(d.Slice(18));
            height = BinaryPrimitives.ReadInt16LittleEndian(d.Slice(20));
            bpp = BinaryPrimitives.ReadInt16LittleEndian(d.Slice(24));
            entryBytes = 3;
        }
        else if (headerSize >= 40 && d.Length >= 14 + 40)
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(d.Slice(18));
            height = BinaryPrimitives.ReadInt32LittleEndian(d.Slice(22));
            bpp = BinaryPrimitives.ReadInt16LittleEndian(d.Slice(28));
            compression = BinaryPrimitives.ReadInt32LittleEndian(d.Slice(30));
            colorsUsed = BinaryPrimitives.ReadInt32LittleEndian(d.Slice(46));
            entryBytes = 4;
        }
        else
        {
            throw new ImageDecodeException(name, $"BMP with a {headerSize}-byte info header is not supported");
        }

        height = Math.Abs(height);
        if (width <= 0 || height <= 0) throw new ImageDecodeException(name, $"corrupt BMP: image size {width}x{height}");
        ImageDecoder.CheckPixelLimit(name, width, height);
        if (compression != 0) throw new ImageDecodeException(name, $"compressed BMP (compression {compression}) is not supported; save it uncompressed or as PNG");
        int offset = BinaryPrimitives.ReadInt32LittleEndian(d.Slice(10));
        long rowBytes = ((long)width * bpp + 31) / 32 * 4;
        if (offset < 0 || offset + rowBytes * height > d.Length) throw new ImageDecodeException(name, "truncated BMP: the pixel data is cut off");

        switch (bpp)
        {
            case 24:
            case 32:
            {
                var rgba = ImageDecoder.ImageSharpRgba32(d, width, height, name);
                return new DecodedImage(ImageDecoder.FromRgba(rgba, PixelFormat.Rgb), width, height, PixelFormat.Rgb, null, "BMP", "ImageSharp 2.1 (lossless)");
            }

            case 1:
            case 4:
            case 8:
            {
                int colors = colorsUsed > 0 && colorsUsed <= (1 << bpp) ? colorsUsed : 1 << bpp;
                int tableStart = 14 + headerSize;
                if (tableStart + colors * entryBytes > d.Length) throw new ImageDecodeException(name, "truncated BMP: the colour table is cut off");
                var palette = new byte[colors * 3];
                for (int i = 0; i < colors; i++)
                {
                    // Stored blue, green, red.
                    palette[3 * i] = d[tableStart + i * entryBytes + 2];
                    palette[3 * i + 1] = d[tableStart + i * entryBytes + 1];
                    palette[3 * i + 2] = d[tableStart + i * entryBytes];
                }

                var rgba = ImageDecoder.ImageSharpRgba32(d, width, height, name);
                for (int i = 3; i < rgba.Length; i += 4) rgba[i] = 255;
                var indices = ImageDecoder.ToIndices(rgba, palette, default, name);
                if (colors == 2 && ImageDecoder.IsGrayRamp(palette, i => i * 255))
                {
                    for (int i = 0; i < indices.Length; i++) indices[i] = (byte)(indices[i] * 255);
                    return new DecodedImage(indices, width, height, PixelFormat.P, ImageDecoder.BilevelPalette(), "BMP", "ImageSharp 2.1 (lossless)");
                }

                if (colors != 2 && ImageDecoder.IsGrayRamp(palette, i => i))
                    return new DecodedImage(indices, width, height, PixelFormat.L, null, "BMP", "ImageSharp 2.1 (lossless)");
                return new DecodedImage(indices, width, height, PixelFormat.P, palette, "BMP", "ImageSharp 2.1 (lossless)");
            }

            default:
                throw new ImageDecodeException(name, $"{bpp}-bit BMP is not supported; save it as 24-bit BMP or PNG");
        }
    }
}

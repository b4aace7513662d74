using System;

namespace PreprocessGen.Runtime;

/// <summary>Pillow's 8-bit mode conversions used by the pipelines, written into caller buffers.</summary>
public static class PixelConvert
{
    /// <summary>
    /// To RGB as Pillow's <c>convert("RGB")</c>: L and LA replicate the gray value, RGBA and LA drop alpha (no
    /// compositing), P looks each index up in <paramref name="palette"/>; an index past its end gives the gray (i, i, i), as
    /// Pillow's palettes start out as the gray ramp (it happens when a P image is padded with a fill index the file's palette lacks).
    /// </summary>
    public static void ToRgb(ReadOnlySpan<byte> pixels, int count, PixelFormat format, ReadOnlySpan<byte> palette, Span<byte> rgb)
    {
        if (rgb.Length < count * 3) throw new ArgumentException($"the destination needs {count * 3} bytes", nameof(rgb));
        if (pixels.Length < count * format.BytesPerPixel()) throw new ArgumentException($"expected {count * format.BytesPerPixel()} bytes", nameof(pixels));
        switch (format)
        {
            case PixelFormat.Rgb:
                pixels.Slice(0, count * 3).CopyTo(rgb);
                break;
            case PixelFormat.L:
                for (int i = 0; i < count; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[i];
                break;
            case PixelFormat.La:
                for (int i = 0; i < count; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[2 * i];
                break;
            case PixelFormat.Rgba:
                for (int i = 0; i < count; i++)
                {
                    rgb[3 * i] = pixels[4 * i];
                    rgb[3 * i + 1] = pixels[4 * i + 1];
                    rgb[3 * i + 2] = pixels[4 * i + 2];
                }

                break;
            case PixelFormat.P:
            {
                Span<byte> full = stackalloc byte[256 * 3];
                for (int i = 0; i < 256; i++) full[3 * i] = full[3 * i + 1] = full[3 * i + 2] = (byte)i;
                palette.Slice(0, Math.Min(palette.Length, full.Length)).CopyTo(full);
                for (int i = 0; i < count; i++)
                {
                    int e = pixels[i] * 3;
                    rgb[3 * i] = full[e];
                    rgb[3 * i + 1] = full[e + 1];
                    rgb[3 * i + 2] = full[e + 2];
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>
    /// RGBA (or LA, widened to gray-gray-gray-alpha) to premultiplied RGBa as Pillow's <c>convert("RGBa")</c>:
    /// <c>c' = MULDIV255(c, a)</c>, alpha kept. Writes four bytes per pixel.
    /// </summary>
    public static void Premultiply(ReadOnlySpan<byte> pixels, int count, PixelFormat format, Span<byte> rgba)
    {
        if (format != PixelFormat.Rgba && format != PixelFormat.La) throw new ArgumentOutOfRangeException(nameof(format), "only RGBA and LA carry alpha");
        if (rgba.Length < count * 4) throw new ArgumentException($"the destination needs {count * 4} bytes", nameof(rgba));
        if (format == PixelFormat.Rgba)
        {
            for (int i = 0; i < count * 4; i += 4)
            {
                int a = pixels[i + 3];
                rgba[i] = MulDiv255(pixels[i], a);
                rgba[i + 1] = MulDiv255(pixels[i + 1], a);
                rgba[i + 2] = MulDiv255(pixels[i + 2], a);
                rgba[i + 3] = (byte)a;
            }
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                int a = pixels[2 * i + 1];
                byte l = MulDiv255(pixels[2 * i], a);
                rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = l;
                rgba[4 * i + 3] = (byte)a;
            }
        }
    }

    /// <summary>Premultiplied RGBa back to RGBA in place: alpha 0 or 255 copies, else <c>min(255, 255·c'/a)</c> (integer division).</summary>
    public static void Unpremultiply(Span<byte> rgba)
    {
        for (int i = 0; i + 3 < rgba.Length; i += 4)
        {
            int a = rgba[i + 3];
            if (a == 0 || a == 255) continue;
            for (int c = 0; c < 3; c++)
            {
                int v = 255 * rgba[i + c] / a;
                rgba[i + c] = (byte)(v > 255 ? 255 : v);
            }
        }
    }

    private static byte MulDiv255(int x, int y)
    {
        int t = x * y + 128;
        return (byte)(((t >> 8) + t) >> 8);
    }
}

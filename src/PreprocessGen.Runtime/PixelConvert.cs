using System;

namespace PreprocessGen.Runtime;

/// <summary>Pillow's 8-bit mode conversions used by the pipelines.</summary>
public static class PixelConvert
{
    /// <summary>To RGB as Pillow's <c>convert("RGB")</c>: L is replicated, RGBA drops alpha (no compositing).</summary>
    public static byte[] ToRgb(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format)
    {
        int n = width * height;
        var rgb = new byte[n * 3];
        switch (format)
        {
            case PixelFormat.Rgb:
                pixels.Slice(0, n * 3).CopyTo(rgb);
                break;
            case PixelFormat.L:
                for (int i = 0; i < n; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[i];
                break;
            case PixelFormat.Rgba:
                for (int i = 0; i < n; i++)
                {
                    rgb[3 * i] = pixels[4 * i];
                    rgb[3 * i + 1] = pixels[4 * i + 1];
                    rgb[3 * i + 2] = pixels[4 * i + 2];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }

        return rgb;
    }

    /// <summary>RGBA to premultiplied RGBa: <c>c' = MULDIV255(c, a)</c>, alpha kept.</summary>
    public static byte[] Premultiply(ReadOnlySpan<byte> rgba, int width, int height)
    {
        int n = width * height * 4;
        var o = new byte[n];
        for (int i = 0; i < n; i += 4)
        {
            int a = rgba[i + 3];
            o[i] = MulDiv255(rgba[i], a);
            o[i + 1] = MulDiv255(rgba[i + 1], a);
            o[i + 2] = MulDiv255(rgba[i + 2], a);
            o[i + 3] = (byte)a;
        }

        return o;
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

namespace PreprocessGen.Runtime;

/// <summary>
/// The layout of decoded 8-bit pixels, named after the Pillow mode they come from. The mode matters: OpenCLIP resizes
/// in the image's own mode before converting to RGB, so an L, LA, RGBA or P image gives other pixels than its RGB copy.
/// </summary>
public enum PixelFormat
{
    /// <summary>One gray channel (Pillow "L"), one byte per pixel.</summary>
    L = 1,
    /// <summary>Gray and straight alpha (Pillow "LA"), two bytes per pixel.</summary>
    La = 2,
    /// <summary>Red, green, blue (Pillow "RGB"), three bytes per pixel.</summary>
    Rgb = 3,
    /// <summary>Red, green, blue, straight (not premultiplied) alpha (Pillow "RGBA"), four bytes per pixel.</summary>
    Rgba = 4,
    /// <summary>
    /// Palette indices (Pillow "P"), one byte per pixel, with an RGB palette beside them. Pillow always resizes these
    /// with nearest neighbour, and pads them with a palette index.
    /// </summary>
    P = 5,
}

/// <summary>Facts about <see cref="PixelFormat"/> values.</summary>
public static class PixelFormats
{
    /// <summary>Bytes per pixel in the pixel buffer (a palette index is one byte).</summary>
    public static int BytesPerPixel(this PixelFormat format) => format switch
    {
        PixelFormat.L => 1,
        PixelFormat.La => 2,
        PixelFormat.Rgb => 3,
        PixelFormat.Rgba => 4,
        PixelFormat.P => 1,
        _ => throw new System.ArgumentOutOfRangeException(nameof(format), format, "not a pixel format"),
    };

    /// <summary>The Pillow mode name: L, LA, RGB, RGBA or P.</summary>
    public static string ModeName(this PixelFormat format) => format switch
    {
        PixelFormat.L => "L",
        PixelFormat.La => "LA",
        PixelFormat.Rgb => "RGB",
        PixelFormat.Rgba => "RGBA",
        PixelFormat.P => "P",
        _ => format.ToString(),
    };
}

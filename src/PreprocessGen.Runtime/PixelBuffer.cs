using System;

namespace PreprocessGen.Runtime;

/// <summary>
/// A view of decoded 8-bit pixels: tightly packed rows of <see cref="Width"/> pixels in <see cref="Format"/>, and for
/// <see cref="PixelFormat.P"/> the RGB palette (three bytes per entry, at most 256 entries) the indices point into.
/// </summary>
public readonly ref struct PixelBuffer
{
    /// <summary>A view of L, LA, RGB or RGBA pixels.</summary>
    /// <exception cref="ArgumentException">The sizes are not positive, the buffer is too small, or the format is <see cref="PixelFormat.P"/> (use the palette constructor).</exception>
    public PixelBuffer(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format)
    {
        if (format == PixelFormat.P) throw new ArgumentException("palette images need their palette: use PixelBuffer(indices, width, height, palette)", nameof(format));
        Validate(pixels, width, height, format);
        Pixels = pixels;
        Width = width;
        Height = height;
        Format = format;
        Palette = default;
    }

    /// <summary>A view of palette indices (Pillow mode P) and their RGB palette.</summary>
    /// <exception cref="ArgumentException">The sizes are not positive, the buffer is too small, or the palette is not 1 to 256 RGB triples.</exception>
    public PixelBuffer(ReadOnlySpan<byte> indices, int width, int height, ReadOnlySpan<byte> palette)
    {
        Validate(indices, width, height, PixelFormat.P);
        if (palette.Length == 0 || palette.Length % 3 != 0 || palette.Length > 256 * 3)
            throw new ArgumentException($"a palette holds 1 to 256 RGB triples; got {palette.Length} bytes", nameof(palette));
        Pixels = indices;
        Width = width;
        Height = height;
        Format = PixelFormat.P;
        Palette = palette;
    }

    /// <summary>The pixel bytes (or palette indices), row-major.</summary>
    public ReadOnlySpan<byte> Pixels { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixel layout.</summary>
    public PixelFormat Format { get; }

    /// <summary>For <see cref="PixelFormat.P"/>: RGB triples; empty otherwise.</summary>
    public ReadOnlySpan<byte> Palette { get; }

    private static void Validate(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image sizes must be positive, got {width}x{height}");
        long need = (long)width * height * format.BytesPerPixel();
        if (pixels.Length < need) throw new ArgumentException($"a {width}x{height} {format.ModeName()} image needs {need} bytes, got {pixels.Length}", nameof(pixels));
    }
}

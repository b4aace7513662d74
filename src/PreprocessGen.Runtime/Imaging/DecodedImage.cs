using System;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// Decoded 8-bit pixels in the mode Pillow would have opened the file in (L, LA, RGB, RGBA, or P with its palette),
/// so that each stack's mode rules apply to them exactly.
/// </summary>
public sealed class DecodedImage
{
    private readonly byte[] _pixels;
    private readonly byte[]? _palette;
    private readonly int _length;

    /// <summary>Wraps decoded pixels (not copied). For <see cref="PixelFormat.P"/>, <paramref name="palette"/> holds the RGB triples.</summary>
    public DecodedImage(byte[] pixels, int width, int height, PixelFormat format, byte[]? palette = null, string sourceFormat = "raw", string decoder = "none")
    {
        _pixels = pixels ?? throw new ArgumentNullException(nameof(pixels));
        if (format == PixelFormat.P && palette is null) throw new ArgumentException("a P image needs its palette", nameof(palette));
        // Validates sizes, buffer length and palette.
        _ = format == PixelFormat.P ? new PixelBuffer(pixels, width, height, palette) : new PixelBuffer(pixels, width, height, format);
        Width = width;
        Height = height;
        Format = format;
        _length = width * height * format.BytesPerPixel();
        _palette = format == PixelFormat.P ? palette : null;
        SourceFormat = sourceFormat;
        Decoder = decoder;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The Pillow mode of the pixels.</summary>
    public PixelFormat Format { get; }

    /// <summary>The pixels (or palette indices), row-major, tightly packed: exactly width x height x bytes per pixel.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels.AsSpan(0, _length);

    /// <summary>For <see cref="PixelFormat.P"/>: the palette's RGB triples; empty otherwise.</summary>
    public ReadOnlySpan<byte> Palette => _palette;

    /// <summary>The file format the pixels came from: PNG, JPEG, GIF, BMP, WEBP, or raw.</summary>
    public string SourceFormat { get; }

    /// <summary>The decoder that produced the pixels (see the README's decoder table for how exact each one is).</summary>
    public string Decoder { get; }

    /// <summary>The array behind <see cref="Pixels"/> (for a rented decode, the pooled array to return).</summary>
    internal byte[] Buffer => _pixels;

    /// <summary>The pixels as the view the pipeline runs on.</summary>
    public PixelBuffer AsPixelBuffer() =>
        Format == PixelFormat.P ? new PixelBuffer(Pixels, Width, Height, _palette) : new PixelBuffer(Pixels, Width, Height, Format);

    /// <inheritdoc />
    public override string ToString() => $"{SourceFormat} {Format.ModeName()} {Width}x{Height} ({Decoder})";
}

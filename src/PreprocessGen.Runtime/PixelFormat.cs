namespace PreprocessGen.Runtime;

/// <summary>The layout of decoded 8-bit pixels, named after the Pillow mode they come from.</summary>
public enum PixelFormat
{
    /// <summary>One gray channel (Pillow "L").</summary>
    L = 1,
    /// <summary>Red, green, blue (Pillow "RGB").</summary>
    Rgb = 3,
    /// <summary>Red, green, blue, straight (not premultiplied) alpha (Pillow "RGBA").</summary>
    Rgba = 4,
}

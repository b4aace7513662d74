namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// Decoding choices. The defaults give the pixels the Python stacks see; <see cref="ApplyExifOrientation"/> departs from
/// them on purpose, <see cref="JpegBackend"/> changes speed only.
/// </summary>
public sealed class ImageDecodeOptions
{
    /// <summary>
    /// Rotate/flip a JPEG by its EXIF orientation. OpenCLIP, timm and the Hugging Face processors ignore it for an
    /// opened image (only transformers' <c>load_image(path)</c> helper applies it), so it is off by default.
    /// </summary>
    public bool ApplyExifOrientation { get; init; }

    /// <summary>Which libjpeg-turbo build decodes JPEG (default <see cref="Imaging.JpegBackend.Auto"/>: the fastest one present).</summary>
    public JpegBackend JpegBackend { get; init; }
}

namespace PreprocessGen.Runtime.Imaging;

/// <summary>Decoding choices that depart from what the Python stacks do (all off by default, for parity).</summary>
public sealed class ImageDecodeOptions
{
    /// <summary>
    /// Rotate/flip a JPEG by its EXIF orientation. OpenCLIP, timm and the Hugging Face processors ignore it for an
    /// opened image (only transformers' <c>load_image(path)</c> helper applies it), so it is off by default.
    /// </summary>
    public bool ApplyExifOrientation { get; init; }
}

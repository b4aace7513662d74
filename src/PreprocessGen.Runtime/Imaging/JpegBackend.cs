namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// Which build of libjpeg-turbo decodes JPEG. Both run it with Pillow's settings (islow DCT, fancy upsampling) and give
/// Pillow's pixels; they differ in speed only.
/// </summary>
public enum JpegBackend
{
    /// <summary>The system's TurboJPEG library when it loads (<see cref="ImageDecoder.TurboJpegAvailable"/>), else SkiaSharp.</summary>
    Auto,

    /// <summary>The libjpeg-turbo inside SkiaSharp's native library: always present, but built without its SIMD paths (about half the speed).</summary>
    SkiaSharp,

    /// <summary>The system's TurboJPEG library (SIMD); decoding throws an <see cref="ImageDecodeException"/> saying how to install it when it does not load.</summary>
    TurboJpeg,
}

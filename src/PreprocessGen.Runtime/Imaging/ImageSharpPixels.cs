using System;
using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>Runs a pipeline on ImageSharp images a caller already holds, through a pooled copy of their pixels.</summary>
public static class ImageSharpPixels
{
    /// <summary>An RGB image.</summary>
    public static void Run(PreprocessPipeline pipeline, Image<Rgb24> image, Span<float> destination) => Run(pipeline, image, PixelFormat.Rgb, destination);

    /// <summary>An RGBA image (straight alpha; resized premultiplied under OpenCLIP rules, as Pillow does).</summary>
    public static void Run(PreprocessPipeline pipeline, Image<Rgba32> image, Span<float> destination) => Run(pipeline, image, PixelFormat.Rgba, destination);

    /// <summary>A grayscale image.</summary>
    public static void Run(PreprocessPipeline pipeline, Image<L8> image, Span<float> destination) => Run(pipeline, image, PixelFormat.L, destination);

    private static void Run<TPixel>(PreprocessPipeline pipeline, Image<TPixel> image, PixelFormat format, Span<float> destination)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (pipeline is null) throw new ArgumentNullException(nameof(pipeline));
        if (image is null) throw new ArgumentNullException(nameof(image));
        int n = image.Width * image.Height * format.BytesPerPixel();
        byte[] pixels = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            image.CopyPixelDataTo(pixels.AsSpan(0, n));
            pipeline.Run(new PixelBuffer(pixels.AsSpan(0, n), image.Width, image.Height, format), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }
}

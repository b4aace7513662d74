using System;
using System.Buffers;
using System.IO;
using PreprocessGen.Config;
using PreprocessGen.Runtime.Imaging;

namespace PreprocessGen.Runtime;

/// <summary>
/// Runs a <see cref="PreprocessSpec"/> on RGB pixels (interleaved, 8 bits per channel) and writes the CHW float32
/// tensor into the caller's buffer, with the exact numerics of the stack named by <see cref="PreprocessSpec.Rules"/>.
/// </summary>
public sealed class PreprocessPipeline
{
    private readonly float[] _lut; // [channel * 256 + value] -> normalised float
    private readonly float[]? _meanImage; // RGB planes, when the spec subtracts a per-pixel mean
    private readonly float[]? _scaled; // [value] -> rescaled float, for the mean-image path

    /// <summary>Creates the pipeline for <paramref name="spec"/>.</summary>
    public PreprocessPipeline(PreprocessSpec spec)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _lut = BuildLut(spec);
        if (spec.MeanImage is not null)
        {
            _meanImage = MeanImages.Load(spec.MeanImage, spec.Height, spec.Width);
            _scaled = BuildLut(spec with { Normalize = false, MeanImage = null });
        }
    }

    /// <summary>The spec this pipeline runs.</summary>
    public PreprocessSpec Spec { get; }

    /// <summary>3 × height × width.</summary>
    public int OutputLength => Spec.OutputLength;

    /// <summary>
    /// The float32 value of every uint8 input per channel: OpenCLIP/timm compute float32 <c>x / 255</c> then
    /// <c>(x − mean) / std</c> with mean/std rounded to float32; Hugging Face computes
    /// <c>float32(float64(x) · rescale_factor)</c> then the same float32 normalisation.
    /// </summary>
    private static float[] BuildLut(PreprocessSpec spec)
    {
        var lut = new float[3 * 256];
        for (int c = 0; c < 3; c++)
        {
            float mean = (float)spec.Mean[c], std = (float)spec.Std[c];
            for (int v = 0; v < 256; v++)
            {
                float x;
                if (spec.Rules == RulesFlavor.HuggingFace || spec.RescaleFactor != PreprocessSpec.DefaultRescaleFactor)
                    x = (float)(v * spec.RescaleFactor);
                else
                    x = v / 255f;
                if (spec.Normalize) x = (x - mean) / std;
                lut[c * 256 + v] = x;
            }
        }

        return lut;
    }

    /// <summary>
    /// Runs the geometry only on RGB pixels: the uint8 RGB pixels (height × width × 3) right before the float conversion.
    /// </summary>
    public void RunToBytes(ReadOnlySpan<byte> rgb, int width, int height, Span<byte> destination) =>
        RunToBytes(new PixelBuffer(rgb, width, height, PixelFormat.Rgb), destination);

    /// <summary>Runs the geometry on L, LA, RGB or RGBA pixels (see <see cref="RunToBytes(in PixelBuffer, Span{byte})"/>).</summary>
    public void RunToBytes(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format, Span<byte> destination) =>
        RunToBytes(new PixelBuffer(pixels, width, height, format), destination);

    /// <summary>
    /// Runs the geometry with the spec's rules for the image's mode and writes the uint8 RGB pixels (output height ×
    /// width × 3) right before the float conversion. OpenCLIP resizes in the image's own mode and converts to RGB
    /// after: L as one channel, LA and RGBA with premultiplied alpha, P always nearest with the pad fill taken as a
    /// palette index. Hugging Face and timm convert to RGB first.
    /// </summary>
    /// <remarks>Every stack converts RGBA to RGB with Pillow's <c>convert("RGB")</c>: the alpha is dropped, not composited.</remarks>
    /// <exception cref="NotSupportedException">
    /// A non-RGB input under Hugging Face rules when the spec does not convert to RGB (transformers raises), or a P
    /// image padded with a fill that is not one palette index.
    /// </exception>
    public void RunToBytes(in PixelBuffer image, Span<byte> destination)
    {
        int width = image.Width, height = image.Height;
        if (width <= 0 || height <= 0) throw new ArgumentException("the image is empty (default PixelBuffer)", nameof(image));
        int outW = Spec.Width, outH = Spec.Height;
        if (destination.Length < outW * outH * 3) throw new ArgumentException($"the destination needs {outW * outH * 3} bytes, got {destination.Length}", nameof(destination));
        var format = image.Format;
        if (format != PixelFormat.Rgb && Spec.Rules == RulesFlavor.HuggingFace && !Spec.ConvertRgb)
            throw new NotSupportedException($"a {format.ModeName()} image needs do_convert_rgb: transformers rejects non-RGB input when it is off");

        // Only the part of the resized image that the crop keeps is computed (the bytes are those of the full resize).
        var (rw, rh, left, top) = Geometry.Window(Spec, width, height);
        int rx = Math.Max(0, left), ry = Math.Max(0, top);
        int regionW = Math.Min(rw, left + outW) - rx, regionH = Math.Min(rh, top + outH) - ry;
        if (regionW <= 0 || regionH <= 0)
        {
            // The window misses the image entirely (cannot happen for the supported geometry): all fill.
            (rx, ry, regionW, regionH) = (0, 0, 1, 1);
        }

        bool sameSize = rw == width && rh == height;
        var pool = ArrayPool<byte>.Shared;
        byte[]? a = null, b = null;
        ReadOnlySpan<byte> rgbFill = stackalloc byte[] { Spec.Fill.R, Spec.Fill.G, Spec.Fill.B };
        try
        {
            if (format == PixelFormat.Rgb || Spec.Rules != RulesFlavor.OpenClip)
            {
                // Convert first (Hugging Face, timm), then resize as RGB. For RGB input this is the plain path.
                ReadOnlySpan<byte> rgb = image.Pixels;
                if (format != PixelFormat.Rgb)
                {
                    a = pool.Rent(width * height * 3);
                    PixelConvert.ToRgb(image.Pixels, width * height, format, image.Palette, a);
                    rgb = a;
                }

                b = pool.Rent(regionW * regionH * 3);
                PillowResampler.ResizeRegion(rgb, width, height, 3, b, rw, rh, rx, ry, regionW, regionH, Spec.Interpolation);
                Geometry.Place(Spec, b, regionW, regionH, rx, ry, left, top, 3, rgbFill, destination);
                return;
            }

            int n = regionW * regionH;
            switch (format)
            {
                case PixelFormat.P:
                {
                    // Pillow forces nearest for P; torchvision pads a P image with the fill as a palette index.
                    var fill = Spec.Fill;
                    if (Spec.ResizeMode == ResizeMode.Longest && (fill.R != fill.G || fill.G != fill.B))
                        throw new NotSupportedException($"a palette (P) image is padded with one palette index; fill_color {fill} is not a single value");
                    a = pool.Rent(n);
                    PillowResampler.ResizeRegion(image.Pixels, width, height, 1, a, rw, rh, rx, ry, regionW, regionH, Interpolation.Nearest);
                    b = pool.Rent(outW * outH);
                    ReadOnlySpan<byte> index = stackalloc byte[] { fill.R };
                    Geometry.Place(Spec, a, regionW, regionH, rx, ry, left, top, 1, index, b);
                    PixelConvert.ToRgb(b, outW * outH, PixelFormat.P, image.Palette, destination);
                    return;
                }

                case PixelFormat.L:
                    a = pool.Rent(n);
                    PillowResampler.ResizeRegion(image.Pixels, width, height, 1, a, rw, rh, rx, ry, regionW, regionH, Spec.Interpolation);
                    b = pool.Rent(n * 3);
                    PixelConvert.ToRgb(a, n, PixelFormat.L, default, b);
                    break;

                default: // LA, RGBA
                    if (Spec.Interpolation == Interpolation.Nearest || sameSize)
                    {
                        // Pillow copies same-size images and resizes nearest without premultiplying.
                        int bpp = format.BytesPerPixel();
                        a = pool.Rent(n * bpp);
                        PillowResampler.ResizeRegion(image.Pixels, width, height, bpp, a, rw, rh, rx, ry, regionW, regionH, Spec.Interpolation);
                        b = pool.Rent(n * 3);
                        PixelConvert.ToRgb(a, n, format, default, b);
                    }
                    else
                    {
                        b = pool.Rent(width * height * 4);
                        PixelConvert.Premultiply(image.Pixels, width * height, format, b);
                        a = pool.Rent(n * 4);
                        PillowResampler.ResizeRegion(b, width, height, 4, a, rw, rh, rx, ry, regionW, regionH, Spec.Interpolation);
                        PixelConvert.Unpremultiply(a.AsSpan(0, n * 4));
                        pool.Return(b);
                        b = null;
                        b = pool.Rent(n * 3);
                        PixelConvert.ToRgb(a, n, PixelFormat.Rgba, default, b);
                    }

                    break;
            }

            Geometry.Place(Spec, b, regionW, regionH, rx, ry, left, top, 3, rgbFill, destination);
        }
        finally
        {
            if (a is not null) pool.Return(a);
            if (b is not null) pool.Return(b);
        }
    }

    /// <summary>Runs the whole pipeline on RGB pixels into <paramref name="destination"/> (CHW float32, length <see cref="OutputLength"/>).</summary>
    public void Run(ReadOnlySpan<byte> rgb, int width, int height, Span<float> destination) =>
        Run(new PixelBuffer(rgb, width, height, PixelFormat.Rgb), destination);

    /// <summary>Runs the whole pipeline on L, LA, RGB or RGBA pixels (see <see cref="RunToBytes(in PixelBuffer, Span{byte})"/>).</summary>
    public void Run(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format, Span<float> destination) =>
        Run(new PixelBuffer(pixels, width, height, format), destination);

    /// <summary>
    /// The entry point: runs the whole pipeline on <paramref name="image"/> and writes the CHW float32 tensor into
    /// <paramref name="destination"/> (length at least <see cref="OutputLength"/>). Allocates nothing per call: the
    /// intermediate buffers come from <see cref="ArrayPool{T}.Shared"/>. Safe to call from many threads at once.
    /// </summary>
    public void Run(in PixelBuffer image, Span<float> destination)
    {
        if (destination.Length < OutputLength) throw new ArgumentException($"the destination needs {OutputLength} floats, got {destination.Length}", nameof(destination));
        int plane = Spec.Width * Spec.Height;
        byte[] rgb = ArrayPool<byte>.Shared.Rent(plane * 3);
        try
        {
            RunToBytes(image, rgb);
            ToTensor(rgb, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgb);
        }
    }

    /// <summary>
    /// Decodes an image file held in memory (PNG, JPEG, GIF, BMP or WebP, as <see cref="ImageDecoder"/> does, with
    /// Pillow's pixels) and runs the whole pipeline into <paramref name="destination"/>. JPEG pixels go into a pooled
    /// buffer when the TurboJPEG backend decodes them, so a stream of JPEGs allocates almost nothing per image.
    /// </summary>
    /// <param name="encodedImage">The file's bytes.</param>
    /// <param name="destination">CHW float32, length at least <see cref="OutputLength"/>.</param>
    /// <param name="name">Names the image in error messages.</param>
    /// <param name="options">Decoding options (null: the defaults, which match the Python stacks).</param>
    /// <exception cref="ImageDecodeException">The bytes are not a supported image, are corrupt or truncated, or are in a mode the Python stacks treat differently.</exception>
    public void RunEncoded(ReadOnlySpan<byte> encodedImage, Span<float> destination, string name = "<memory>", ImageDecodeOptions? options = null)
    {
        if (destination.Length < OutputLength) throw new ArgumentException($"the destination needs {OutputLength} floats, got {destination.Length}", nameof(destination));
        using var image = ImageDecoder.DecodeRented(encodedImage, name, options);
        Run(image.Image.AsPixelBuffer(), destination);
    }

    /// <summary>Reads and decodes the image file at <paramref name="path"/> and runs the whole pipeline into <paramref name="destination"/> (see <see cref="RunEncoded"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageDecodeException">The file cannot be read, is not a supported image, is corrupt or truncated, or is in a mode the Python stacks treat differently.</exception>
    public void RunFile(string path, Span<float> destination, ImageDecodeOptions? options = null)
    {
        if (destination.Length < OutputLength) throw new ArgumentException($"the destination needs {OutputLength} floats, got {destination.Length}", nameof(destination));
        using var image = ImageDecoder.LoadRented(path, options);
        Run(image.Image.AsPixelBuffer(), destination);
    }

    /// <summary>Runs the whole pipeline and returns a new tensor (CHW float32, length <see cref="OutputLength"/>).</summary>
    public float[] Run(in PixelBuffer image)
    {
        var tensor = new float[OutputLength];
        Run(image, tensor);
        return tensor;
    }

    /// <summary>
    /// The float stage alone: converts the output of <see cref="RunToBytes(ReadOnlySpan{byte}, int, int, PixelFormat, Span{byte})"/>
    /// (height × width × 3 bytes) into the CHW float32 tensor.
    /// </summary>
    public void ToTensor(ReadOnlySpan<byte> rgb, Span<float> destination)
    {
        int plane = Spec.Width * Spec.Height;
        if (rgb.Length < plane * 3) throw new ArgumentException($"expected {plane * 3} bytes, got {rgb.Length}", nameof(rgb));
        if (destination.Length < OutputLength) throw new ArgumentException($"the destination needs {OutputLength} floats, got {destination.Length}", nameof(destination));
        bool bgr = Spec.ChannelOrder == ChannelOrder.Bgr;
        if (_meanImage is not null)
        {
            // Per-pixel mean: (rescaled(x) - mean[c, y, x]) / std[c], in float32.
            for (int c = 0; c < 3; c++)
            {
                var scaled = new ReadOnlySpan<float>(_scaled, c * 256, 256);
                var mean = new ReadOnlySpan<float>(_meanImage, c * plane, plane);
                float std = (float)Spec.Std[c];
                var outPlane = destination.Slice((bgr ? 2 - c : c) * plane, plane);
                if (Spec.Normalize) for (int i = 0; i < plane; i++) outPlane[i] = (scaled[rgb[i * 3 + c]] - mean[i]) / std;
                else for (int i = 0; i < plane; i++) outPlane[i] = scaled[rgb[i * 3 + c]];
            }

            return;
        }

        for (int c = 0; c < 3; c++)
        {
            var lut = new ReadOnlySpan<float>(_lut, c * 256, 256);
            var outPlane = destination.Slice((bgr ? 2 - c : c) * plane, plane);
            for (int i = 0; i < plane; i++) outPlane[i] = lut[rgb[i * 3 + c]];
        }
    }
}

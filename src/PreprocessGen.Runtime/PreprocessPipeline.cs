using System;
using PreprocessGen.Config;

namespace PreprocessGen.Runtime;

/// <summary>
/// Runs a <see cref="PreprocessSpec"/> on RGB pixels (interleaved, 8 bits per channel) and writes the CHW float32
/// tensor into the caller's buffer, with the exact numerics of the stack named by <see cref="PreprocessSpec.Rules"/>.
/// </summary>
public sealed class PreprocessPipeline
{
    private readonly float[] _lut; // [channel * 256 + value] -> normalised float

    /// <summary>Creates the pipeline for <paramref name="spec"/>.</summary>
    public PreprocessPipeline(PreprocessSpec spec)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _lut = BuildLut(spec);
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
        RunToBytes(rgb, width, height, PixelFormat.Rgb, destination);

    /// <summary>
    /// Runs the geometry on pixels of any <see cref="PixelFormat"/>, with the spec's rules for non-RGB inputs:
    /// OpenCLIP resizes in the image's own mode (L as one channel, RGBA with premultiplied alpha) and converts to RGB
    /// after (alpha dropped); Hugging Face and timm convert to RGB first. Writes height × width × 3 bytes.
    /// </summary>
    /// <remarks>Every stack converts RGBA to RGB with Pillow's <c>convert("RGB")</c>: the alpha is dropped, not composited.</remarks>
    /// <exception cref="NotSupportedException">A non-RGB input under Hugging Face rules when the spec does not convert to RGB (transformers raises).</exception>
    public void RunToBytes(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format, Span<byte> destination)
    {
        int channels = (int)format;
        if (channels != 1 && channels != 3 && channels != 4) throw new ArgumentOutOfRangeException(nameof(format));
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "image sizes must be positive");
        if (pixels.Length < (long)width * height * channels) throw new ArgumentException($"expected {width}x{height}x{channels} = {(long)width * height * channels} bytes, got {pixels.Length}", nameof(pixels));
        int outW = Spec.Width, outH = Spec.Height;
        if (destination.Length < outW * outH * 3) throw new ArgumentException($"the destination needs {outW * outH * 3} bytes", nameof(destination));

        if (format != PixelFormat.Rgb && Spec.Rules == RulesFlavor.HuggingFace)
        {
            if (!Spec.ConvertRgb) throw new NotSupportedException($"a {format} image needs do_convert_rgb: transformers rejects non-RGB input when it is off");
        }

        var (rw, rh) = Geometry.ResizedSize(Spec, width, height);
        byte[] rgbResized;
        if (format == PixelFormat.Rgb || Spec.Rules != RulesFlavor.OpenClip)
        {
            // Convert first (Hugging Face, timm), then resize as RGB. For RGB input this is the plain path.
            byte[]? converted = format == PixelFormat.Rgb ? null : PixelConvert.ToRgb(pixels, width, height, format);
            rgbResized = new byte[rw * rh * 3];
            PillowResampler.Resize(converted ?? pixels, width, height, 3, rgbResized, rw, rh, Spec.Interpolation);
        }
        else
        {
            // OpenCLIP: resize in the image's own mode, convert to RGB after.
            byte[] native = new byte[rw * rh * channels];
            if (format == PixelFormat.Rgba && Spec.Interpolation != Interpolation.Nearest)
            {
                byte[] premultiplied = PixelConvert.Premultiply(pixels, width, height);
                PillowResampler.Resize(premultiplied, width, height, 4, native, rw, rh, Spec.Interpolation);
                PixelConvert.Unpremultiply(native);
            }
            else
            {
                PillowResampler.Resize(pixels, width, height, channels, native, rw, rh, Spec.Interpolation);
            }

            rgbResized = PixelConvert.ToRgb(native, rw, rh, format);
        }

        Geometry.CropOrPad(Spec, rgbResized, rw, rh, destination);
    }

    /// <summary>Runs the whole pipeline into <paramref name="destination"/> (CHW float32, length <see cref="OutputLength"/>).</summary>
    public void Run(ReadOnlySpan<byte> rgb, int width, int height, Span<float> destination) =>
        Run(rgb, width, height, PixelFormat.Rgb, destination);

    /// <summary>Runs the whole pipeline on pixels of any <see cref="PixelFormat"/> (see <see cref="RunToBytes(ReadOnlySpan{byte}, int, int, PixelFormat, Span{byte})"/>).</summary>
    public void Run(ReadOnlySpan<byte> pixels, int width, int height, PixelFormat format, Span<float> destination)
    {
        if (destination.Length < OutputLength) throw new ArgumentException($"the destination needs {OutputLength} floats, got {destination.Length}", nameof(destination));
        int plane = Spec.Width * Spec.Height;
        byte[] rgb = new byte[plane * 3];
        RunToBytes(pixels, width, height, format, rgb);
        ToTensor(rgb, destination);
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
        for (int c = 0; c < 3; c++)
        {
            var lut = new ReadOnlySpan<float>(_lut, c * 256, 256);
            var outPlane = destination.Slice((bgr ? 2 - c : c) * plane, plane);
            for (int i = 0; i < plane; i++) outPlane[i] = lut[rgb[i * 3 + c]];
        }
    }
}

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
    /// Runs the geometry only: the uint8 RGB pixels (height × width × 3) right before the float conversion.
    /// </summary>
    public void RunToBytes(ReadOnlySpan<byte> rgb, int width, int height, Span<byte> destination)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "image sizes must be positive");
        if (rgb.Length < width * height * 3) throw new ArgumentException($"expected {width}x{height}x3 = {width * height * 3} bytes, got {rgb.Length}", nameof(rgb));
        int outW = Spec.Width, outH = Spec.Height;
        if (destination.Length < outW * outH * 3) throw new ArgumentException($"the destination needs {outW * outH * 3} bytes", nameof(destination));

        var (rw, rh) = Geometry.ResizedSize(Spec, width, height);
        byte[] resized = new byte[rw * rh * 3];
        PillowResampler.Resize(rgb, width, height, 3, resized, rw, rh, Spec.Interpolation);
        Geometry.CropOrPad(Spec, resized, rw, rh, destination);
    }

    /// <summary>Runs the whole pipeline into <paramref name="destination"/> (CHW float32, length <see cref="OutputLength"/>).</summary>
    public void Run(ReadOnlySpan<byte> rgb, int width, int height, Span<float> destination)
    {
        if (destination.Length < OutputLength) throw new ArgumentException($"the destination needs {OutputLength} floats, got {destination.Length}", nameof(destination));
        int plane = Spec.Width * Spec.Height;
        byte[] pixels = new byte[plane * 3];
        RunToBytes(rgb, width, height, pixels);
        bool bgr = Spec.ChannelOrder == ChannelOrder.Bgr;
        for (int c = 0; c < 3; c++)
        {
            var lut = new ReadOnlySpan<float>(_lut, c * 256, 256);
            var outPlane = destination.Slice((bgr ? 2 - c : c) * plane, plane);
            for (int i = 0; i < plane; i++) outPlane[i] = lut[pixels[i * 3 + c]];
        }
    }
}

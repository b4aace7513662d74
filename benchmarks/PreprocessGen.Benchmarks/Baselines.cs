using System;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Rgb24 = SixLabors.ImageSharp.PixelFormats.Rgb24;
using VipsImage = NetVips.Image;

namespace PreprocessGen.Benchmarks;

/// <summary>
/// The C# code users write instead of a Pillow-exact pipeline, shared by the benchmark classes. None of it gives
/// Pillow's pixels; all of it writes the same 1x3x224x224 tensor layout.
/// </summary>
internal static class Baselines
{
    private const int Side = 224, Plane = Side * Side;

    /// <summary>Single-threaded libvips without its operation cache, so every call does the work.</summary>
    public static void ConfigureVips()
    {
        NetVips.Cache.Max = 0;
        NetVips.Cache.MaxFiles = 0;
        NetVips.Cache.MaxMem = 0;
        NetVips.NetVips.Concurrency = 1;
    }

    /// <summary>Shortest side to 224 the way torchvision rounds it (truncation), then the centre 224x224 window.</summary>
    public static (int Width, int Height, int Left, int Top) ShortestSide(int w, int h)
    {
        int rw = w <= h ? Side : (int)((double)Side * w / h), rh = w <= h ? (int)((double)Side * h / w) : Side;
        return (rw, rh, (int)Math.Round((rw - Side) / 2.0), (int)Math.Round((rh - Side) / 2.0));
    }

    /// <summary>Precomputed per-channel scale and bias: (v / 255 - mean) / std = v * scale + bias.</summary>
    public static (float[] Scale, float[] Bias) Affine(float[] mean, float[] std)
    {
        var scale = new float[3];
        var bias = new float[3];
        for (int c = 0; c < 3; c++)
        {
            scale[c] = 1f / (255f * std[c]);
            bias[c] = -mean[c] / std[c];
        }

        return (scale, bias);
    }

    /// <summary>Interleaved RGB bytes (224x224) to CHW floats with a span loop.</summary>
    public static void ToChw(ReadOnlySpan<byte> hwc, Span<float> chw, float[] scale, float[] bias)
    {
        for (int i = 0; i < Plane; i++)
        {
            chw[i] = hwc[3 * i] * scale[0] + bias[0];
            chw[Plane + i] = hwc[3 * i + 1] * scale[1] + bias[1];
            chw[2 * Plane + i] = hwc[3 * i + 2] * scale[2] + bias[2];
        }
    }

    /// <summary>The careful ImageSharp version: bicubic resize (+ crop), then the span loop.</summary>
    public static void ImageSharp(Image<Rgb24> image, bool squash, float[] tensor, float[] scale, float[] bias)
    {
        using var resized = squash
            ? image.Clone(x => x.Resize(Side, Side, KnownResamplers.Bicubic))
            : Crop(image);
        resized.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < Side; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < Side; x++)
                {
                    int i = y * Side + x;
                    tensor[i] = row[x].R * scale[0] + bias[0];
                    tensor[Plane + i] = row[x].G * scale[1] + bias[1];
                    tensor[2 * Plane + i] = row[x].B * scale[2] + bias[2];
                }
            }
        });
    }

    private static Image<Rgb24> Crop(Image<Rgb24> image)
    {
        var (rw, rh, left, top) = ShortestSide(image.Width, image.Height);
        return image.Clone(x => x.Resize(rw, rh, KnownResamplers.Bicubic).Crop(new Rectangle(left, top, Side, Side)));
    }

    /// <summary>The ONNX Runtime tutorial: ImageSharp resize + crop, then the <c>DenseTensor</c> indexer per value.</summary>
    public static float Tutorial(Image<Rgb24> image, float[] mean, float[] std)
    {
        using var resized = Crop(image);
        var tensor = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(new[] { 1, 3, Side, Side });
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                var px = resized[x, y];
                tensor[0, 0, y, x] = (px.R / 255f - mean[0]) / std[0];
                tensor[0, 1, y, x] = (px.G / 255f - mean[1]) / std[1];
                tensor[0, 2, y, x] = (px.B / 255f - mean[2]) / std[2];
            }

        return tensor[0, 0, 0, 0];
    }

    /// <summary>libvips: bicubic resize (+ crop) of an image it holds, the 224x224 bytes read out, then the span loop.</summary>
    public static void Vips(VipsImage image, bool squash, float[] tensor, float[] scale, float[] bias)
    {
        int w = image.Width, h = image.Height;
        VipsImage result;
        if (squash)
        {
            result = image.Resize((double)Side / w, kernel: NetVips.Enums.Kernel.Cubic, vscale: (double)Side / h);
        }
        else
        {
            var (rw, rh, left, top) = ShortestSide(w, h);
            using var resized = image.Resize((double)rw / w, kernel: NetVips.Enums.Kernel.Cubic, vscale: (double)rh / h);
            result = resized.Crop(left, top, Side, Side);
        }

        using (result)
        {
            var bytes = result.WriteToMemory<byte>();
            if (bytes.Length != 3 * Plane) throw new InvalidOperationException($"libvips gave {bytes.Length} bytes");
            ToChw(bytes, tensor, scale, bias);
        }
    }
}

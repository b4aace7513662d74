using System;
using BenchmarkDotNet.Attributes;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Rgb24 = SixLabors.ImageSharp.PixelFormats.Rgb24;

namespace PreprocessGen.Benchmarks;

/// <summary>
/// From decoded RGB pixels to the 224x224 CHW float32 tensor, OpenCLIP's default (shortest side 224 bicubic, centre
/// crop, OpenAI mean/std), single thread. Baseline in the same run: the common hand-written C# pipeline (ImageSharp
/// resize + crop, then a span loop with precomputed scale and bias), which does not give Pillow's pixels.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private byte[] _rgb = Array.Empty<byte>();
    private Image<Rgb24> _image = null!;
    private readonly float[] _tensor = new float[3 * 224 * 224];
    private readonly PreprocessPipeline _pipeline = new(new PreprocessSpec());
    private readonly PreprocessPipeline _squash = new(new PreprocessSpec { ResizeMode = PreprocessGen.Config.ResizeMode.Squash, Mean = Rgb.Half, Std = Rgb.Half });

    [Params("640x480", "1920x1080", "3840x2160")]
    public string Size { get; set; } = "640x480";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split('x');
        int w = int.Parse(parts[0]), h = int.Parse(parts[1]);
        var rng = new Random(42);
        _rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 3;
                _rgb[i] = (byte)(127 + 120 * Math.Sin(x / 37.0 + y / 91.0));
                _rgb[i + 1] = (byte)(255 * x / w);
                _rgb[i + 2] = (byte)rng.Next(256);
            }

        _image = Image.LoadPixelData<Rgb24>(_rgb, w, h);
    }

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();

    [Benchmark(Baseline = true, Description = "ImageSharp resize + span loop (not Pillow-exact)")]
    public float ImageSharpHandWritten()
    {
        int w = _image.Width, h = _image.Height;
        int rw = w <= h ? 224 : (int)(224.0 * w / h), rh = w <= h ? (int)(224.0 * h / w) : 224;
        using var resized = _image.Clone(x => x.Resize(rw, rh, KnownResamplers.Bicubic).Crop(new Rectangle((rw - 224) / 2, (rh - 224) / 2, 224, 224)));
        float[] scale = { 1f / (255f * 0.26862954f), 1f / (255f * 0.26130258f), 1f / (255f * 0.27577711f) };
        float[] bias = { -0.48145466f / 0.26862954f, -0.4578275f / 0.26130258f, -0.40821073f / 0.27577711f };
        const int plane = 224 * 224;
        var tensor = _tensor;
        resized.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < 224; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < 224; x++)
                {
                    int i = y * 224 + x;
                    tensor[i] = row[x].R * scale[0] + bias[0];
                    tensor[plane + i] = row[x].G * scale[1] + bias[1];
                    tensor[2 * plane + i] = row[x].B * scale[2] + bias[2];
                }
            }
        });
        return tensor[0];
    }

    [Benchmark(Description = "ONNX Runtime tutorial style: ImageSharp resize + DenseTensor indexer (not Pillow-exact)")]
    public float TutorialStyle()
    {
        int w = _image.Width, h = _image.Height;
        int rw = w <= h ? 224 : (int)(224.0 * w / h), rh = w <= h ? (int)(224.0 * h / w) : 224;
        using var resized = _image.Clone(x => x.Resize(rw, rh, KnownResamplers.Bicubic).Crop(new Rectangle((rw - 224) / 2, (rh - 224) / 2, 224, 224)));
        var tensor = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(new[] { 1, 3, 224, 224 });
        float[] mean = { 0.48145466f, 0.4578275f, 0.40821073f }, std = { 0.26862954f, 0.26130258f, 0.27577711f };
        for (int y = 0; y < 224; y++)
            for (int x = 0; x < 224; x++)
            {
                var px = resized[x, y];
                tensor[0, 0, y, x] = (px.R / 255f - mean[0]) / std[0];
                tensor[0, 1, y, x] = (px.G / 255f - mean[1]) / std[1];
                tensor[0, 2, y, x] = (px.B / 255f - mean[2]) / std[2];
            }

        return tensor[0, 0, 0, 0];
    }

    [Benchmark(Description = "PreprocessGen squash (SigLIP style, Pillow-exact)")]
    public float PreprocessGenSquash()
    {
        _squash.Run(_rgb, _image.Width, _image.Height, _tensor);
        return _tensor[0];
    }

    [Benchmark(Description = "PreprocessGen pipeline (Pillow-exact)")]
    public float PreprocessGenPipeline()
    {
        int w = _image.Width, h = _image.Height;
        _pipeline.Run(_rgb, w, h, _tensor);
        return _tensor[0];
    }
}

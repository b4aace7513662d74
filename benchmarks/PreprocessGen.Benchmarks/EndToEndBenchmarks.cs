using System;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Rgb24 = SixLabors.ImageSharp.PixelFormats.Rgb24;

namespace PreprocessGen.Benchmarks;

/// <summary>
/// From JPEG bytes (1920x1080, 4:2:0, made from a sample photo) to the 224 tensor: our decoder + pipeline against
/// ImageSharp decode + resize in the same run; and a batch of 64 decoded images on one thread against two.
/// </summary>
[MemoryDiagnoser]
public class EndToEndBenchmarks
{
    private byte[] _jpeg = Array.Empty<byte>();
    private DecodedImage[] _batch = Array.Empty<DecodedImage>();
    private readonly PreprocessPipeline _pipeline = new(new PreprocessSpec());
    private readonly float[] _tensor = new float[3 * 224 * 224];
    private float[] _batchTensor = Array.Empty<float>();

    [GlobalSetup]
    public void Setup()
    {
        string photo = Path.Combine(AppContext.BaseDirectory, "photo.jpg");
        using var image = Image.Load<Rgb24>(photo);
        image.Mutate(x => x.Resize(1920, 1080, KnownResamplers.Bicubic));
        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms, new JpegEncoder { Quality = 90 });
        _jpeg = ms.ToArray();
        var decoded = ImageDecoder.Decode(_jpeg, "bench.jpg");
        _batch = new DecodedImage[64];
        for (int i = 0; i < _batch.Length; i++) _batch[i] = decoded;
        _batchTensor = new float[64 * 3 * 224 * 224];
    }

    [Benchmark(Baseline = true, Description = "JPEG bytes: ImageSharp decode + resize + span loop")]
    public float ImageSharpFromBytes()
    {
        using var image = Image.Load<Rgb24>(_jpeg);
        image.Mutate(x => x.Resize(398, 224, KnownResamplers.Bicubic).Crop(new Rectangle(87, 0, 224, 224)));
        float sum = 0;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < 224; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < 224; x++) _tensor[y * 224 + x] = row[x].R / 255f;
            }
        });
        return sum + _tensor[0];
    }

    [Benchmark(Description = "JPEG bytes: PreprocessGen (SkiaSharp decode, Pillow-exact)")]
    public float PreprocessGenFromBytes()
    {
        var image = ImageDecoder.Decode(_jpeg, "bench.jpg");
        _pipeline.Run(image.AsPixelBuffer(), _tensor);
        return _tensor[0];
    }

    [Benchmark(Description = "batch of 64 decoded 1080p, 1 thread")]
    public float BatchOneThread() => Batch(1);

    [Benchmark(Description = "batch of 64 decoded 1080p, 2 threads")]
    public float BatchTwoThreads() => Batch(2);

    private float Batch(int threads)
    {
        int per = 3 * 224 * 224;
        Parallel.For(0, _batch.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
            i => _pipeline.Run(_batch[i].AsPixelBuffer(), _batchTensor.AsSpan(i * per, per)));
        return _batchTensor[0];
    }
}

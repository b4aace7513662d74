using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using SixLabors.ImageSharp;
using Rgb24 = SixLabors.ImageSharp.PixelFormats.Rgb24;
using VipsImage = NetVips.Image;

namespace PreprocessGen.Benchmarks;

/// <summary>
/// From JPEG bytes of a real photo (quality 90, 4:2:0) to the 224 tensor (OpenCLIP's default transform), single thread,
/// and each decoder alone (a new pixel array per image, as every library here returns). ImageSharp decode + resize is
/// the ratio base.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FromBytesBenchmarks
{
    private static readonly float[] OpenAiMean = { 0.48145466f, 0.4578275f, 0.40821073f }, OpenAiStd = { 0.26862954f, 0.26130258f, 0.27577711f };
    private readonly float[] _tensor = new float[3 * 224 * 224];
    private static readonly ImageDecodeOptions Turbo = new() { JpegBackend = JpegBackend.TurboJpeg }, Skia = new() { JpegBackend = JpegBackend.SkiaSharp };
    private readonly PreprocessPipeline _pipeline = new(new PreprocessSpec());
    private float[] _scale = null!, _bias = null!;
    private byte[] _jpeg = null!;

    [Params("640x480", "1920x1080", "3840x2160")]
    public string Size { get; set; } = "640x480";

    [GlobalSetup]
    public void Setup()
    {
        Baselines.ConfigureVips();
        (_scale, _bias) = Baselines.Affine(OpenAiMean, OpenAiStd);
        _jpeg = BenchPhotos.Jpeg(Size);
    }

    [Benchmark(Baseline = true, Description = "bytes: ImageSharp decode + resize + span loop")]
    public float ImageSharpFromBytes()
    {
        using var image = Image.Load<Rgb24>(_jpeg);
        Baselines.ImageSharp(image, squash: false, _tensor, _scale, _bias);
        return _tensor[0];
    }

    [Benchmark(Description = "bytes: NetVips decode + resize + crop + span loop")]
    public float NetVipsFromBytes()
    {
        using var image = VipsImage.NewFromBuffer(_jpeg, access: NetVips.Enums.Access.Sequential);
        Baselines.Vips(image, squash: false, _tensor, _scale, _bias);
        return _tensor[0];
    }

    [Benchmark(Description = "bytes: PreprocessGen RunEncoded, TurboJPEG (Pillow-exact)")]
    public float PreprocessGenFromBytes()
    {
        _pipeline.RunEncoded(_jpeg, _tensor, "bench.jpg", Turbo);
        return _tensor[0];
    }

    [Benchmark(Description = "bytes: PreprocessGen RunEncoded, SkiaSharp (Pillow-exact)")]
    public float PreprocessGenSkiaFromBytes()
    {
        _pipeline.RunEncoded(_jpeg, _tensor, "bench.jpg", Skia);
        return _tensor[0];
    }

    [Benchmark(Description = "decode only: ImageSharp (not Pillow-exact)")]
    public int DecodeImageSharp()
    {
        using var image = Image.Load<Rgb24>(_jpeg);
        return image.Width;
    }

    [Benchmark(Description = "decode only: NetVips / libjpeg-turbo (Pillow-exact)")]
    public int DecodeNetVips()
    {
        using var image = VipsImage.NewFromBuffer(_jpeg, access: NetVips.Enums.Access.Sequential);
        return image.WriteToMemory<byte>().Length;
    }

    [Benchmark(Description = "decode only: PreprocessGen TurboJPEG backend (Pillow-exact)")]
    public int DecodePreprocessGen() => ImageDecoder.Decode(_jpeg, "bench.jpg", Turbo).Width;

    [Benchmark(Description = "decode only: PreprocessGen SkiaSharp backend (Pillow-exact)")]
    public int DecodePreprocessGenSkia() => ImageDecoder.Decode(_jpeg, "bench.jpg", Skia).Width;
}

/// <summary>
/// A batch of 64 1920x1080 photos through one pipeline, one thread against two: decoded pixels (64 distinct copies,
/// 400 MB, so each image comes from main memory as in a real batch) and JPEG bytes (decode + preprocess per image).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BatchBenchmarks
{
    private const int Count = 64, Per = 3 * 224 * 224;
    private static readonly ImageDecodeOptions Turbo = new() { JpegBackend = JpegBackend.TurboJpeg };
    private readonly PreprocessPipeline _pipeline = new(new PreprocessSpec());
    private readonly float[] _tensors = new float[Count * Per];
    private DecodedImage[] _batch = Array.Empty<DecodedImage>();
    private byte[][] _jpegs = Array.Empty<byte[]>();

    [GlobalSetup]
    public void Setup()
    {
        // Distinct buffers, as a real batch has: each image is its own copy of the photo's pixels (or bytes).
        var decoded = BenchPhotos.Decoded("1920x1080");
        var jpeg = BenchPhotos.Jpeg("1920x1080");
        _batch = new DecodedImage[Count];
        _jpegs = new byte[Count][];
        for (int i = 0; i < Count; i++)
        {
            _batch[i] = new DecodedImage(decoded.Pixels.ToArray(), decoded.Width, decoded.Height, decoded.Format);
            _jpegs[i] = (byte[])jpeg.Clone();
        }
    }

    [Benchmark(Baseline = true, Description = "batch of 64 decoded 1080p, 1 thread")]
    public float OneThread() => Run(1);

    [Benchmark(Description = "batch of 64 decoded 1080p, 2 threads")]
    public float TwoThreads() => Run(2);

    [Benchmark(Description = "batch of 64 1080p JPEGs (RunEncoded, TurboJPEG), 1 thread")]
    public float OneThreadFromBytes() => RunEncoded(1);

    [Benchmark(Description = "batch of 64 1080p JPEGs (RunEncoded, TurboJPEG), 2 threads")]
    public float TwoThreadsFromBytes() => RunEncoded(2);

    [Benchmark(Description = "machine ceiling: 64 items of pure integer work, 1 thread")]
    public long OneThreadCeiling() => Ceiling(1);

    [Benchmark(Description = "machine ceiling: 64 items of pure integer work, 2 threads")]
    public long TwoThreadsCeiling() => Ceiling(2);

    [Benchmark(Description = "SIMD ceiling: 64 items of independent AVX2 multiply-adds, 1 thread")]
    public int OneThreadSimd() => Simd(1);

    [Benchmark(Description = "SIMD ceiling: 64 items of independent AVX2 multiply-adds, 2 threads")]
    public int TwoThreadsSimd() => Simd(2);

    /// <summary>
    /// What two threads give to vector-unit-bound work (the resampler's kind) right now: where the two virtual cores
    /// share one physical core's vector units, this stays well below 2x while the scalar ceiling reaches it.
    /// </summary>
    private static int Simd(int threads)
    {
        int result = 0;
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var v = System.Runtime.Intrinsics.Vector256.Create((short)(i + 1));
            var w = System.Runtime.Intrinsics.Vector256.Create((short)5);
            var a0 = System.Runtime.Intrinsics.Vector256<int>.Zero;
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            for (int k = 0; k < 1_000_000; k++)
            {
                a0 = System.Runtime.Intrinsics.Vector256.Add(a0, System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(v, w));
                a1 = System.Runtime.Intrinsics.Vector256.Add(a1, System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(w, v));
                a2 = System.Runtime.Intrinsics.Vector256.Add(a2, System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(v, v));
                a3 = System.Runtime.Intrinsics.Vector256.Add(a3, System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(w, w));
                v = System.Runtime.Intrinsics.Vector256.Add(v, System.Runtime.Intrinsics.Vector256<short>.One);
            }

            Interlocked.Add(ref result, System.Runtime.Intrinsics.Vector256.GetElement(a0 + a1 + a2 + a3, 0));
        });
        return result;
    }

    [Benchmark(Description = "memory ceiling: read the 64 decoded images once, 1 thread")]
    public ulong OneThreadMemory() => Stream(1);

    [Benchmark(Description = "memory ceiling: read the 64 decoded images once, 2 threads")]
    public ulong TwoThreadsMemory() => Stream(2);

    /// <summary>What the memory gives two threads right now: a plain vectorised read of each decoded image, split as the batches are.</summary>
    private ulong Stream(int threads)
    {
        ulong result = 0;
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(_batch[i].Pixels);
            var sum = System.Numerics.Vector<ulong>.Zero;
            var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<ulong, System.Numerics.Vector<ulong>>(words);
            foreach (var v in vectors) sum += v;
            Interlocked.Add(ref result, System.Numerics.Vector.Sum(sum));
        });
        return result;
    }

    /// <summary>
    /// What two threads can give on this machine right now: work with no memory traffic and nothing shared, split the
    /// same way as the batches. On a shared host this falls below 2x when the other core is busy elsewhere.
    /// </summary>
    private static long Ceiling(int threads)
    {
        long result = 0;
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            ulong x = (ulong)i + 1;
            for (int k = 0; k < 4_000_000; k++) x = x * 6364136223846793005UL + 1442695040888963407UL;
            Interlocked.Add(ref result, (long)(x >> 40));
        });
        return result;
    }

    private float Run(int threads)
    {
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = threads },
            i => _pipeline.Run(_batch[i].AsPixelBuffer(), _tensors.AsSpan(i * Per, Per)));
        return _tensors[0];
    }

    private float RunEncoded(int threads)
    {
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = threads },
            i => _pipeline.RunEncoded(_jpegs[i], _tensors.AsSpan(i * Per, Per), "batch.jpg", Turbo));
        return _tensors[0];
    }
}

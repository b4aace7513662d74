using BenchmarkDotNet.Attributes;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using SixLabors.ImageSharp;
using Rgb24 = SixLabors.ImageSharp.PixelFormats.Rgb24;
using VipsImage = NetVips.Image;

namespace PreprocessGen.Benchmarks;

/// <summary>
/// From decoded RGB pixels of a real photo to the 1x3x224x224 float32 tensor, single thread: OpenCLIP's default
/// (shortest side 224 bicubic, centre crop, OpenAI mean/std) and SigLIP's squash (224x224 bicubic, mean = std = 0.5).
/// Baselines in the same run: careful ImageSharp (the ratio base), the ONNX Runtime tutorial style, and libvips.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PipelineBenchmarks
{
    private static readonly float[] OpenAiMean = { 0.48145466f, 0.4578275f, 0.40821073f }, OpenAiStd = { 0.26862954f, 0.26130258f, 0.27577711f };
    private static readonly float[] Half = { 0.5f, 0.5f, 0.5f };
    private readonly float[] _tensor = new float[3 * 224 * 224];
    private readonly PreprocessPipeline _crop = new(new PreprocessSpec());
    private readonly PreprocessPipeline _squash = new(new PreprocessSpec { ResizeMode = ResizeMode.Squash, Mean = Rgb.Half, Std = Rgb.Half });
    private float[] _cropScale = null!, _cropBias = null!, _squashScale = null!, _squashBias = null!;
    private DecodedImage _decoded = null!;
    private Image<Rgb24> _image = null!;
    private VipsImage _vips = null!;
    private byte[] _rgb = null!;

    [Params("640x480", "1920x1080", "3840x2160")]
    public string Size { get; set; } = "640x480";

    [GlobalSetup]
    public void Setup()
    {
        Baselines.ConfigureVips();
        (_cropScale, _cropBias) = Baselines.Affine(OpenAiMean, OpenAiStd);
        (_squashScale, _squashBias) = Baselines.Affine(Half, Half);
        _decoded = BenchPhotos.Decoded(Size);
        _rgb = _decoded.Pixels.ToArray();
        _image = Image.LoadPixelData<Rgb24>(_rgb, _decoded.Width, _decoded.Height);
        _vips = VipsImage.NewFromMemory(_rgb, _decoded.Width, _decoded.Height, 3, NetVips.Enums.BandFormat.Uchar);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _image.Dispose();
        _vips.Dispose();
    }

    [Benchmark(Baseline = true, Description = "crop: ImageSharp resize + span loop")]
    public float ImageSharpCrop()
    {
        Baselines.ImageSharp(_image, squash: false, _tensor, _cropScale, _cropBias);
        return _tensor[0];
    }

    [Benchmark(Description = "crop: ONNX Runtime tutorial (ImageSharp + DenseTensor indexer)")]
    public float TutorialCrop() => Baselines.Tutorial(_image, OpenAiMean, OpenAiStd);

    [Benchmark(Description = "crop: NetVips resize + crop + span loop")]
    public float NetVipsCrop()
    {
        Baselines.Vips(_vips, squash: false, _tensor, _cropScale, _cropBias);
        return _tensor[0];
    }

    [Benchmark(Description = "crop: PreprocessGen (Pillow-exact)")]
    public float PreprocessGenCrop()
    {
        _crop.Run(_decoded.AsPixelBuffer(), _tensor);
        return _tensor[0];
    }

    [Benchmark(Description = "squash: ImageSharp resize + span loop")]
    public float ImageSharpSquash()
    {
        Baselines.ImageSharp(_image, squash: true, _tensor, _squashScale, _squashBias);
        return _tensor[0];
    }

    [Benchmark(Description = "squash: NetVips resize + span loop")]
    public float NetVipsSquash()
    {
        Baselines.Vips(_vips, squash: true, _tensor, _squashScale, _squashBias);
        return _tensor[0];
    }

    [Benchmark(Description = "squash: PreprocessGen (Pillow-exact)")]
    public float PreprocessGenSquash()
    {
        _squash.Run(_decoded.AsPixelBuffer(), _tensor);
        return _tensor[0];
    }
}

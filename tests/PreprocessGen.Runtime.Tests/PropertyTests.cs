using System;
using System.Linq;
using PreprocessGen.Config;
using Xunit;

namespace PreprocessGen.Runtime.Tests;

/// <summary>
/// Properties over many random sizes: the kernels against the plain scalar twin, and the pipeline's mode rules against
/// their definitions (LA is RGBA with equal colour channels; P under OpenCLIP is nearest on the expanded colours).
/// </summary>
public class PropertyTests
{
    private static readonly Interpolation[] Filters = { Interpolation.Nearest, Interpolation.Box, Interpolation.Bilinear, Interpolation.Hamming, Interpolation.Bicubic, Interpolation.Lanczos };

    private static byte[] Noise(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    public static TheoryData<int> Seeds() => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Kernels_match_the_scalar_twin_on_random_sizes(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 60; trial++)
        {
            // Mostly small and medium, with 1-pixel edges, strong down- and upscales, and one axis unchanged.
            int sw = Pick(rng), sh = Pick(rng);
            int dw = rng.Next(4) == 0 ? sw : Pick(rng), dh = rng.Next(4) == 0 ? sh : Pick(rng);
            int ch = rng.Next(1, 5);
            var filter = Filters[rng.Next(Filters.Length)];
            var src = Noise(rng, sw * sh * ch);
            var expected = ScalarTwin.Resize(src, sw, sh, ch, dw, dh, filter);
            var actual = new byte[dw * dh * ch];
            PillowResampler.Resize(src, sw, sh, ch, actual, dw, dh, filter);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"seed {seed} trial {trial}: {sw}x{sh}x{ch} -> {dw}x{dh} {filter}");
        }
    }

    [Theory]
    [InlineData(1920, 1080, 224, 126, Interpolation.Bicubic)]
    [InlineData(1200, 1600, 256, 341, Interpolation.Lanczos)]
    [InlineData(37, 29, 1024, 801, Interpolation.Bilinear)]
    [InlineData(3000, 7, 17, 140, Interpolation.Hamming)]
    public void Kernels_match_the_scalar_twin_on_large_images(int sw, int sh, int dw, int dh, Interpolation filter)
    {
        var rng = new Random(sw ^ dh);
        var src = Noise(rng, sw * sh * 3);
        var actual = new byte[dw * dh * 3];
        PillowResampler.Resize(src, sw, sh, 3, actual, dw, dh, filter);
        Assert.True(ScalarTwin.Resize(src, sw, sh, 3, dw, dh, filter).AsSpan().SequenceEqual(actual));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_region_of_the_resize_equals_the_same_pixels_of_the_full_resize(int seed)
    {
        var rng = new Random(100 + seed);
        for (int trial = 0; trial < 40; trial++)
        {
            int sw = Pick(rng), sh = Pick(rng), dw = rng.Next(4) == 0 ? sw : Pick(rng), dh = rng.Next(4) == 0 ? sh : Pick(rng), ch = rng.Next(1, 5);
            var filter = Filters[rng.Next(Filters.Length)];
            int rx = rng.Next(dw), ry = rng.Next(dh), rw = rng.Next(1, dw - rx + 1), rh = rng.Next(1, dh - ry + 1);
            var src = Noise(rng, sw * sh * ch);
            var full = ScalarTwin.Resize(src, sw, sh, ch, dw, dh, filter);
            var region = new byte[rw * rh * ch];
            PillowResampler.ResizeRegion(src, sw, sh, ch, region, dw, dh, rx, ry, rw, rh, filter);
            for (int y = 0; y < rh; y++)
                Assert.True(full.AsSpan(((ry + y) * dw + rx) * ch, rw * ch).SequenceEqual(region.AsSpan(y * rw * ch, rw * ch)), $"seed {seed} trial {trial}: {sw}x{sh} -> {dw}x{dh} {filter}, region {rx},{ry} {rw}x{rh}, row {y}");
        }
    }

    [Theory]
    [InlineData(1, 5000)]
    [InlineData(5000, 1)]
    [InlineData(3, 4999)]
    public void Extreme_aspect_ratios_give_the_crop_without_materialising_the_huge_resize(int w, int h)
    {
        // shortest side 224 of a 1x5000 image is 224 x 1,120,000 pixels (752 MB) in Pillow; only the 224x224 crop is computed here.
        var spec = Spec(RulesFlavor.OpenClip, ResizeMode.Shortest, Interpolation.Bicubic, 224);
        var px = Noise(new Random(w + h), w * h * 3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var bytes = new byte[224 * 224 * 3];
        new PreprocessPipeline(spec).RunToBytes(px, w, h, bytes);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L * 1024 * 1024, "more than 64 MB allocated");
        var (rw, rh, left, top) = Geometry.Window(spec, w, h);
        Assert.Equal(w < h ? (224, 224 * h / w) : (224 * w / h, 224), (rw, rh));
        // Which pixels those are is the region property above; here: not all one value, so the resize really ran.
        Assert.True(bytes.Distinct().Count() > 16);
    }

    private static int Pick(Random rng) => rng.Next(10) switch
    {
        0 => 1,
        1 => rng.Next(2, 5),
        < 8 => rng.Next(5, 120),
        _ => rng.Next(120, 700),
    };

    private static PreprocessSpec Spec(RulesFlavor rules, ResizeMode mode, Interpolation interp, int size, byte fill = 0) => new()
    {
        Rules = rules, ResizeMode = mode, Interpolation = interp, Width = size, Height = size, ResizeWidth = size, ResizeHeight = size,
        Mean = Rgb.OpenAiMean, Std = Rgb.OpenAiStd, Fill = new Rgb24(fill, fill, fill),
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void La_behaves_as_rgba_with_equal_colour_channels(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            int w = rng.Next(1, 90), h = rng.Next(1, 90);
            var spec = Spec(RulesFlavor.OpenClip, (ResizeMode)rng.Next(3), Filters[rng.Next(Filters.Length)], rng.Next(8, 64), (byte)rng.Next(256));
            var pipeline = new PreprocessPipeline(spec);
            var la = Noise(rng, w * h * 2);
            var rgba = new byte[w * h * 4];
            for (int i = 0; i < w * h; i++) (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]) = (la[2 * i], la[2 * i], la[2 * i], la[2 * i + 1]);
            var fromLa = new byte[spec.Width * spec.Height * 3];
            var fromRgba = new byte[fromLa.Length];
            pipeline.RunToBytes(la, w, h, PixelFormat.La, fromLa);
            pipeline.RunToBytes(rgba, w, h, PixelFormat.Rgba, fromRgba);
            Assert.Equal(fromRgba, fromLa);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Palette_images_under_openclip_are_nearest_on_their_colours_and_converted_first_elsewhere(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            int w = rng.Next(1, 90), h = rng.Next(1, 90), entries = rng.Next(1, 257);
            var palette = Noise(rng, entries * 3);
            var indices = Enumerable.Range(0, w * h).Select(_ => (byte)rng.Next(entries)).ToArray();
            var rgb = new byte[w * h * 3];
            PixelConvert.ToRgb(indices, w * h, PixelFormat.P, palette, rgb);
            var filter = Filters[rng.Next(1, Filters.Length)];
            var mode = rng.Next(2) == 0 ? ResizeMode.Shortest : ResizeMode.Squash;
            int size = rng.Next(8, 64);

            var openClip = Spec(RulesFlavor.OpenClip, mode, filter, size);
            var nearest = openClip with { Interpolation = Interpolation.Nearest };
            Assert.Equal(Bytes(nearest, new PixelBuffer(rgb, w, h, PixelFormat.Rgb)), Bytes(openClip, new PixelBuffer(indices, w, h, palette)));

            var hf = Spec(RulesFlavor.HuggingFace, mode, filter, size);
            Assert.Equal(Bytes(hf, new PixelBuffer(rgb, w, h, PixelFormat.Rgb)), Bytes(hf, new PixelBuffer(indices, w, h, palette)));
        }
    }

    private static byte[] Bytes(PreprocessSpec spec, PixelBuffer image)
    {
        var o = new byte[spec.Width * spec.Height * 3];
        new PreprocessPipeline(spec).RunToBytes(image, o);
        return o;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_entry_point_is_the_two_stages_composed(int seed)
    {
        var rng = new Random(seed);
        int w = rng.Next(1, 300), h = rng.Next(1, 300);
        var spec = Spec(RulesFlavor.OpenClip, ResizeMode.Shortest, Interpolation.Bicubic, 32);
        var pipeline = new PreprocessPipeline(spec);
        var px = Noise(rng, w * h * 3);
        var bytes = new byte[32 * 32 * 3];
        pipeline.RunToBytes(px, w, h, bytes);
        var staged = new float[pipeline.OutputLength];
        pipeline.ToTensor(bytes, staged);
        Assert.Equal(staged, pipeline.Run(new PixelBuffer(px, w, h, PixelFormat.Rgb)));
    }

    [Fact]
    public void Pixel_unit_conventions_bgr_0_255_minus_mean_without_std()
    {
        // Caffe-style models (e.g. ResNet ports): BGR planes, 0..255, the mean in pixel units, no std.
        var spec = new PreprocessSpec
        {
            Width = 16, Height = 16, ResizeWidth = 16, ResizeHeight = 16, RescaleFactor = 1.0, ChannelOrder = ChannelOrder.Bgr,
            Mean = new Rgb(123.675, 116.28, 103.53), Std = new Rgb(1, 1, 1),
        };
        var rng = new Random(11);
        var rgb = Noise(rng, 40 * 30 * 3);
        var pipeline = new PreprocessPipeline(spec);
        var bytes = new byte[16 * 16 * 3];
        pipeline.RunToBytes(rgb, 40, 30, bytes);
        var tensor = pipeline.Run(new PixelBuffer(rgb, 40, 30, PixelFormat.Rgb));
        float[] mean = { 123.675f, 116.28f, 103.53f };
        for (int i = 0; i < 256; i++)
            for (int c = 0; c < 3; c++)
            {
                float expected = ((float)bytes[3 * i + c] - mean[c]) / 1f;
                Assert.Equal(expected, tensor[(2 - c) * 256 + i]); // plane 0 is blue
            }

        var unnormalised = new PreprocessPipeline(spec with { Normalize = false, ChannelOrder = ChannelOrder.Rgb }).Run(new PixelBuffer(rgb, 40, 30, PixelFormat.Rgb));
        for (int i = 0; i < 256; i++) Assert.Equal((float)bytes[3 * i], unnormalised[i]);
    }
}

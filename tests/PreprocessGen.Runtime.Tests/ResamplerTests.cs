using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PreprocessGen.Config;
using Xunit;

namespace PreprocessGen.Runtime.Tests;

/// <summary>
/// The resampler alone against Pillow (via the oracle, Fixtures/make_resize_goldens.py): 60 random cases over every
/// filter, down- and upscaling, width-only and height-only passes, 1-pixel edges.
/// </summary>
public class ResamplerTests
{
    private static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "resize");

    public static IEnumerable<object[]> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "cases.json")));
        foreach (var c in doc.RootElement.EnumerateArray())
            yield return new object[] { c.GetProperty("name").GetString()!, c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32(), c.GetProperty("resample").GetInt32() };
    }

    [Fact]
    public void All_filters_are_covered() =>
        Assert.Equal(Enumerable.Range(0, 6), Cases().Select(c => (int)c[3]).Distinct().OrderBy(x => x));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_bytes_as_pillow(string name, int width, int height, int resample)
    {
        var (input, shape) = Npy.ReadU8(Path.Combine(Dir, name + ".input.npy"));
        var (expected, outShape) = Npy.ReadU8(Path.Combine(Dir, name + ".u8.npy"));
        Assert.Equal(new[] { height, width, 3 }, outShape);
        var actual = new byte[expected.Length];
        PillowResampler.Resize(input, shape[1], shape[0], 3, actual, width, height, (Interpolation)resample);
        int differing = 0;
        for (int i = 0; i < expected.Length; i++) if (actual[i] != expected[i]) differing++;
        Assert.Equal(0, differing);
    }

    [Fact]
    public void Channels_are_independent()
    {
        // A 1-channel resize of each plane equals the 3-channel resize.
        var rng = new Random(3);
        var rgb = new byte[37 * 23 * 3];
        rng.NextBytes(rgb);
        var whole = new byte[19 * 41 * 3];
        PillowResampler.Resize(rgb, 37, 23, 3, whole, 19, 41, Interpolation.Lanczos);
        for (int c = 0; c < 3; c++)
        {
            var plane = Enumerable.Range(0, 37 * 23).Select(i => rgb[i * 3 + c]).ToArray();
            var outPlane = new byte[19 * 41];
            PillowResampler.Resize(plane, 37, 23, 1, outPlane, 19, 41, Interpolation.Lanczos);
            Assert.Equal(outPlane, Enumerable.Range(0, 19 * 41).Select(i => whole[i * 3 + c]).ToArray());
        }
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var src = new byte[12];
        var dst = new byte[12];
        Assert.Throws<ArgumentOutOfRangeException>(() => PillowResampler.Resize(src, 0, 2, 3, dst, 2, 2, Interpolation.Bicubic));
        Assert.Throws<ArgumentException>(() => PillowResampler.Resize(src, 3, 3, 3, dst, 2, 2, Interpolation.Bicubic));
        Assert.Throws<ArgumentException>(() => PillowResampler.Resize(src, 2, 2, 3, dst, 3, 3, Interpolation.Bicubic));
        var pipeline = new PreprocessPipeline(new PreprocessSpec());
        Assert.Throws<ArgumentException>(() => pipeline.Run(src, 2, 2, new float[10]));
        Assert.Throws<ArgumentException>(() => pipeline.Run(src, 3, 3, new float[pipeline.OutputLength]));
    }

    [Fact]
    public void Bgr_order_swaps_the_planes()
    {
        var rng = new Random(5);
        var rgb = new byte[300 * 200 * 3];
        rng.NextBytes(rgb);
        var spec = new PreprocessSpec();
        var a = new float[spec.OutputLength];
        var b = new float[spec.OutputLength];
        new PreprocessPipeline(spec).Run(rgb, 300, 200, a);
        new PreprocessPipeline(spec with { ChannelOrder = ChannelOrder.Bgr, Mean = new Rgb(spec.Mean.B, spec.Mean.G, spec.Mean.R), Std = new Rgb(spec.Std.B, spec.Std.G, spec.Std.R) }).Run(Swap(rgb), 300, 200, b);
        Assert.Equal(a, b);
    }

    private static byte[] Swap(byte[] rgb)
    {
        var o = (byte[])rgb.Clone();
        for (int i = 0; i < o.Length; i += 3) (o[i], o[i + 2]) = (o[i + 2], o[i]);
        return o;
    }
}

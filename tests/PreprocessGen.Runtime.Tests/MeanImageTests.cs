using System;
using System.IO;
using PreprocessGen.Config;
using Xunit;

namespace PreprocessGen.Runtime.Tests;

/// <summary>Per-pixel mean images: subtracted exactly, inlined for embedding, refused clearly when wrong.</summary>
public sealed class MeanImageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ppg-mean-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Each_pixel_gets_its_own_mean_and_an_inline_copy_behaves_the_same()
    {
        var rng = new Random(3);
        var mean = new float[3 * 8 * 8];
        for (int i = 0; i < mean.Length; i++) mean[i] = (float)(rng.NextDouble() * 255);
        string file = Path.Combine(_dir, "m.npy");
        NpyFile.WriteFloat32(file, mean, 3, 8, 8);
        var spec = new PreprocessSpec { Width = 8, Height = 8, ResizeWidth = 8, ResizeHeight = 8, RescaleFactor = 1, MeanImage = file, Mean = new Rgb(0, 0, 0), Std = new Rgb(1, 2, 4) };
        var rgb = new byte[8 * 8 * 3];
        rng.NextBytes(rgb);
        var tensor = new PreprocessPipeline(spec).Run(new PixelBuffer(rgb, 8, 8, PixelFormat.Rgb));
        float[] std = { 1f, 2f, 4f };
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 64; i++)
                Assert.Equal(((float)rgb[3 * i + c] - mean[c * 64 + i]) / std[c], tensor[c * 64 + i]);

        var inline = MeanImages.Inline(spec);
        Assert.StartsWith(MeanImages.DataUriPrefix, inline.MeanImage);
        Assert.Equal(tensor, new PreprocessPipeline(inline).Run(new PixelBuffer(rgb, 8, 8, PixelFormat.Rgb)));
        Assert.Equal(MeanImages.ForComparison(spec), MeanImages.ForComparison(inline));
    }

    [Fact]
    public void A_wrong_or_missing_mean_image_is_refused_naming_it()
    {
        string file = Path.Combine(_dir, "small.npy");
        NpyFile.WriteFloat32(file, new float[3 * 4 * 4], 3, 4, 4);
        var spec = new PreprocessSpec { Width = 8, Height = 8, ResizeWidth = 8, ResizeHeight = 8, MeanImage = file };
        var ex = Assert.Throws<InvalidDataException>(() => new PreprocessPipeline(spec));
        Assert.Contains(file, ex.Message);
        Assert.Contains("[3, 8, 8]", ex.Message);
        var missing = Assert.Throws<InvalidDataException>(() => new PreprocessPipeline(spec with { MeanImage = Path.Combine(_dir, "none.npy") }));
        Assert.Contains("none.npy: mean image file not found", missing.Message);
    }
}

using System.IO;
using PreprocessGen.Config;
using Xunit;

namespace PreprocessGen.Config.Tests;

/// <summary>The canonical format's per-pixel <c>mean_image</c>.</summary>
public class MeanImageConfigTests
{
    [Fact]
    public void A_relative_mean_image_resolves_beside_the_config_and_replaces_the_mean()
    {
        string path = Path.Combine(Path.GetTempPath(), "models", "net.preprocess.json");
        var r = PreprocessConfig.Parse("{\"image_size\": 224, \"mean_image\": \"mean.npy\", \"std\": [1, 1, 1], \"rescale_factor\": 1}", path);
        Assert.True(r.Success, string.Join("\n", r.Problems));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "models", "mean.npy"), r.Spec!.MeanImage);
        Assert.Equal(new Rgb(0, 0, 0), r.Spec.Mean);
        Assert.False(r.Spec.IsOpenClipDefault);

        string written = CanonicalFormat.Write(r.Spec);
        Assert.DoesNotContain("\"mean\":", written);
        var again = PreprocessConfig.Parse(written, path);
        Assert.Equal(r.Spec, again.Spec);
        Assert.Equal(written, CanonicalFormat.Write(again.Spec!));
    }

    [Fact]
    public void Mean_and_mean_image_together_is_an_error_at_the_mean()
    {
        var r = PreprocessConfig.Parse("{\"image_size\": 224,\n \"mean_image\": \"m.npy\",\n \"mean\": [0.5, 0.5, 0.5], \"std\": [1, 1, 1]}", "x.preprocess.json");
        var p = Assert.Single(r.Problems);
        Assert.Equal((ProblemCodes.InvalidValue, "mean", 3), (p.Code, p.Field, p.Line));
    }

    [Fact]
    public void Differing_mean_images_are_a_difference()
    {
        var a = new PreprocessSpec { MeanImage = "/a.npy" };
        Assert.Contains("mean_image: /a.npy vs null", SpecComparison.Differences(a, new PreprocessSpec()));
    }
}

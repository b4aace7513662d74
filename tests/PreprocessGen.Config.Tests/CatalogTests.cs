using System.IO;
using System.Linq;
using Xunit;

namespace PreprocessGen.Config.Tests;

public class CatalogTests
{
    private static string[] Files() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "configs", "openclip"), "*.preprocess.json").OrderBy(f => f).ToArray();

    [Fact]
    public void Catalog_holds_every_official_weight()
    {
        Assert.Equal(198, Files().Length);
        Assert.Equal(198, OpenClipCatalog.Entries.Count);
        Assert.Equal(60, OpenClipCatalog.Entries.Count(e => !e.IsOpenClipDefault));
    }

    [Fact]
    public void Every_catalog_file_round_trips_byte_for_byte()
    {
        foreach (string file in Files())
        {
            string text = File.ReadAllText(file);
            var r = PreprocessConfig.Parse(text, file);
            Assert.True(r.Success, file + ": " + string.Join("; ", r.Problems));
            Assert.Empty(r.Problems);
            Assert.Equal(ConfigDialect.Canonical, r.Dialect);
            Assert.Equal(text, CanonicalFormat.Write(r.Spec!, "../preprocess.schema.json"));
            Assert.Equal(Path.GetFileName(file), r.Spec!.Name + ".preprocess.json");
        }
    }

    [Fact]
    public void Tag_dependent_entries_carry_their_own_preprocessing()
    {
        var laion = OpenClipCatalog.Find("ViT-L-14", "laion2b_s32b_b82k")!;
        Assert.Equal(Rgb.Half, laion.Mean);
        Assert.Equal(Rgb.Half, laion.Std);
        Assert.Equal(ResizeMode.Shortest, laion.ResizeMode);

        var dfn = OpenClipCatalog.Find("ViT-H-14", "dfn5b")!;
        Assert.Equal(ResizeMode.Squash, dfn.ResizeMode);
        Assert.Equal(Rgb.OpenAiMean, dfn.Mean);

        Assert.True(OpenClipCatalog.Find("ViT-L-14", "openai")!.IsOpenClipDefault);
    }

    [Theory]
    [InlineData("ViT-B-32", DefaultPreprocessing.AlwaysDefault)]
    [InlineData("RN50", DefaultPreprocessing.AlwaysDefault)]
    [InlineData("ViT-L-14", DefaultPreprocessing.DependsOnTag)]
    [InlineData("ViT-H-14", DefaultPreprocessing.DependsOnTag)]
    [InlineData("ViT-B-16-SigLIP", DefaultPreprocessing.NeverDefault)]
    [InlineData("MobileCLIP-S1", DefaultPreprocessing.NeverDefault)]
    [InlineData("No-Such-Arch", DefaultPreprocessing.Unknown)]
    public void Architectures_are_classified(string arch, DefaultPreprocessing expected) =>
        Assert.Equal(expected, OpenClipCatalog.Classify(arch));

    [Fact]
    public void Siglip_entries_are_squash_with_half_statistics()
    {
        var s = OpenClipCatalog.ForArchitecture("ViT-B-16-SigLIP").Single();
        Assert.Equal((ResizeMode.Squash, 224), (s.ResizeMode, s.Width));
        Assert.Equal(Rgb.Half, s.Mean);
    }
}

using System.Linq;
using PreprocessGen.Config;
using Xunit;

namespace PreprocessGen.Config.Tests;

public class NamingTests
{
    [Theory]
    [InlineData("vit-b-16-siglip", "VitB16Siglip")]
    [InlineData("laion2b_s34b_b79k", "Laion2bS34bB79k")]
    [InlineData("ViT-L-14", "ViTL14")]
    [InlineData("webli", "Webli")]
    [InlineData("2024 model", "_2024Model")]
    [InlineData("--", "_")]
    [InlineData("siglip2.so400m", "Siglip2So400m")]
    public void PascalCase(string text, string expected) => Assert.Equal(expected, Naming.ToPascalCase(text));

    [Theory]
    [InlineData("ViT-B-16-SigLIP", "ViT_B_16_SigLIP")]
    [InlineData("EVA02-E-14-plus", "EVA02_E_14_plus")]
    [InlineData("convnext_base_w", "convnext_base_w")]
    [InlineData("ViT-H-14-378-quickgelu", "ViT_H_14_378_quickgelu")]
    public void ArchitectureNames(string arch, string expected) => Assert.Equal(expected, Naming.ArchitectureTypeName(arch));

    [Fact]
    public void CatalogNamesAreUniqueIdentifiers()
    {
        var archs = OpenClipCatalog.Entries.Select(e => e.Architecture!).Distinct().ToList();
        Assert.Equal(archs.Count, archs.Select(Naming.ArchitectureTypeName).Distinct().Count());
        foreach (var group in OpenClipCatalog.Entries.GroupBy(e => e.Architecture))
        {
            var tags = group.Select(e => Naming.TagMemberName(e.Pretrained!)).ToList();
            Assert.Equal(tags.Count, tags.Distinct().Count());
            Assert.DoesNotContain(Naming.ArchitectureTypeName(group.Key!), tags);
        }
        Assert.All(archs.Select(Naming.ArchitectureTypeName), n => Assert.Matches("^[A-Za-z_][A-Za-z0-9_]*$", n));
    }
}

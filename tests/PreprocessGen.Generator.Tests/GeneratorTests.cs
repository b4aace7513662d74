extern alias gen;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PreprocessGen.Config;
using Xunit;
using gen::PreprocessGen.Generator;

namespace PreprocessGen.Generator.Tests;

/// <summary>The generated surface, its compilation, and what the generator does with broken or clashing configs.</summary>
public class GeneratorTests
{
    internal const string Siglip = "{\n  \"name\": \"vit-b-16-siglip\",\n  \"architecture\": \"ViT-B-16-SigLIP\",\n  \"pretrained\": \"webli\",\n  \"image_size\": 224,\n  \"resize_mode\": \"squash\",\n  \"mean\": [0.5, 0.5, 0.5],\n  \"std\": [0.5, 0.5, 0.5]\n}\n";
    internal const string HfClip = "{\"image_processor_type\": \"CLIPImageProcessor\", \"size\": {\"shortest_edge\": 224}, \"crop_size\": {\"height\": 224, \"width\": 224}, \"resample\": 3, \"image_mean\": [0.48145466, 0.4578275, 0.40821073], \"image_std\": [0.26862954, 0.26130258, 0.27577711]}";
    internal const string OpenClip = "{\"model_cfg\": {\"vision_cfg\": {\"image_size\": [256, 320]}}, \"preprocess_cfg\": {\"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225], \"interpolation\": \"bilinear\", \"resize_mode\": \"longest\", \"fill_color\": 114}}";
    internal const string Timm = "{\"architecture\": \"convnext_small\", \"pretrained_cfg\": {\"input_size\": [3, 288, 288], \"crop_pct\": 0.95, \"crop_mode\": \"center\", \"interpolation\": \"bicubic\", \"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]}}";

    internal static List<AdditionalText> FourDialects() => new()
    {
        new Text("/p/configs/vit-b-16-siglip.preprocess.json", Siglip),
        new Text("/p/models/clip-vit-b-16/preprocessor_config.json", HfClip),
        new Text("/p/models/eva-longest/open_clip_config.json", OpenClip),
        new Text("/p/models/convnext/config.json", Timm),
    };

    internal static Options Listed()
    {
        var o = new Options();
        foreach (var f in FourDialects()) o.With(f.Path, "PreprocessGen_Config", "true");
        return o.With("/p/models/convnext/config.json", "PreprocessGen_Name", "ConvNextSmall");
    }

    [Fact]
    public void Each_dialect_gives_one_type_with_the_expected_name_and_the_output_matches_its_baseline()
    {
        var (result, _, _) = Harness.Run(FourDialects(), Listed());
        Assert.Empty(result.Diagnostics);
        var sources = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => Harness.Normalize(s.SourceText.ToString()));
        Assert.Equal(new[] { "Consumer.Preprocessing.ClipVitB16.g.cs", "Consumer.Preprocessing.ConvNextSmall.g.cs", "Consumer.Preprocessing.EvaLongest.g.cs", "Consumer.Preprocessing.VitB16Siglip.g.cs" }, sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        if (Environment.GetEnvironmentVariable("PPG_UPDATE_BASELINES") == "1")
        {
            foreach (var (hint, text) in sources)
                File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Baselines", hint + ".txt"), text);
            return;
        }

        foreach (var (hint, text) in sources)
        {
            string baseline = Path.Combine(AppContext.BaseDirectory, "Baselines", hint + ".txt");
            Assert.True(File.Exists(baseline), $"missing baseline {baseline}");
            Assert.Equal(File.ReadAllText(baseline).Replace("\r\n", "\n"), text);
        }
    }

    [Fact]
    public void Generated_code_compiles_without_a_warning_with_nullable_on_and_user_code_can_call_it()
    {
        const string user = @"
#nullable enable
namespace User
{
    public static class Uses
    {
        public static float[] Run(byte[] rgb, int w, int h)
        {
            var dst = new float[Consumer.Preprocessing.VitB16Siglip.OutputLength];
            Consumer.Preprocessing.VitB16Siglip.Preprocess(rgb, w, h, dst);
            System.ReadOnlySpan<float> mean = Consumer.Preprocessing.VitB16Siglip.Mean;
            const int size = Consumer.Preprocessing.ClipVitB16.Width * Consumer.Preprocessing.EvaLongest.Height;
            _ = size + mean.Length + Consumer.Preprocessing.ConvNextSmall.Channels;
            return dst;
        }

        public static Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float> Tensor(SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24> image) =>
            Consumer.Preprocessing.ClipVitB16.ToTensor(image);

        public static PreprocessGen.PreprocessedSession Session(string path) => Consumer.Preprocessing.EvaLongest.LoadSession(path);

        public static void FromFiles(string path, byte[] jpeg, float[] dst)
        {
            Consumer.Preprocessing.ConvNextSmall.PreprocessFile(path, dst);
            Consumer.Preprocessing.ConvNextSmall.PreprocessEncoded(jpeg, dst, ""photo.jpg"");
        }
    }
}";
        var (_, output, generatorDiagnostics) = Harness.Run(FourDialects(), Listed(), user);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_constants_are_the_runtime_values_and_the_spec_equals_the_parsed_file()
    {
        const string user = @"
namespace User
{
    public static class FromFile
    {
        public static float[] Run(string type, string path)
        {
            var dst = new float[type switch
            {
                ""VitB16Siglip"" => Consumer.Preprocessing.VitB16Siglip.OutputLength,
                ""ClipVitB16"" => Consumer.Preprocessing.ClipVitB16.OutputLength,
                ""EvaLongest"" => Consumer.Preprocessing.EvaLongest.OutputLength,
                _ => Consumer.Preprocessing.ConvNextSmall.OutputLength,
            }];
            switch (type)
            {
                case ""VitB16Siglip"": Consumer.Preprocessing.VitB16Siglip.PreprocessFile(path, dst); break;
                case ""ClipVitB16"": Consumer.Preprocessing.ClipVitB16.PreprocessFile(path, dst); break;
                case ""EvaLongest"": Consumer.Preprocessing.EvaLongest.PreprocessEncoded(System.IO.File.ReadAllBytes(path), dst, path); break;
                default: Consumer.Preprocessing.ConvNextSmall.PreprocessFile(path, dst); break;
            }

            return dst;
        }
    }
}";
        var (_, output, _) = Harness.Run(FourDialects(), Listed(), user);
        using var ms = new MemoryStream();
        var emit = output.Emit(ms);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var asm = System.Reflection.Assembly.Load(ms.ToArray());
        foreach (var (file, typeName) in new[] { (FourDialects()[0], "VitB16Siglip"), (FourDialects()[1], "ClipVitB16"), (FourDialects()[2], "EvaLongest"), (FourDialects()[3], "ConvNextSmall") })
        {
            var type = asm.GetType("Consumer.Preprocessing." + typeName)!;
            var spec = PreprocessConfig.Parse(file.GetText()!.ToString(), file.Path).Spec!;
            Assert.Equal(spec, type.GetProperty("Spec")!.GetValue(null));
            Assert.Equal(spec.Width, type.GetField("Width")!.GetValue(null));
            Assert.Equal(spec.Height, type.GetField("Height")!.GetValue(null));
            Assert.Equal(spec.OutputLength, type.GetField("OutputLength")!.GetValue(null));
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal((float)spec.Mean[c], type.GetField("Mean" + c)!.GetValue(null));
                Assert.Equal((float)spec.Std[c], type.GetField("Std" + c)!.GetValue(null));
            }

            // From a file, through the generated entry point: the tensor the pipeline gives the decoded image.
            string png = Path.Combine(Path.GetTempPath(), $"ppg-gen-{Guid.NewGuid():N}.png");
            try
            {
                using (var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(97, 61))
                {
                    for (int y = 0; y < 61; y++)
                        for (int x = 0; x < 97; x++) image[x, y] = new SixLabors.ImageSharp.PixelFormats.Rgb24((byte)(x * 2), (byte)(y * 4), (byte)(x + y));
                    SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, png);
                }

                var fromFile = (float[])asm.GetType("User.FromFile")!.GetMethod("Run")!.Invoke(null, new object[] { typeName, png })!;
                var expected = new PreprocessGen.Runtime.PreprocessPipeline(spec).Run(PreprocessGen.Runtime.Imaging.ImageDecoder.Load(png).AsPixelBuffer());
                Assert.Equal(expected, fromFile);
            }
            finally
            {
                File.Delete(png);
            }
        }
    }

    [Fact]
    public void A_broken_config_generates_nothing_and_the_rest_still_builds()
    {
        var files = FourDialects();
        files.Add(new Text("/p/configs/broken.preprocess.json", "{\"image_size\": 224, \"mean\": [0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}"));
        files.Add(new Text("/p/configs/garbage.preprocess.json", "\u0000\u0001 not json at all {{{"));
        var (result, output, diagnostics) = Harness.Run(files, Listed());
        Assert.Empty(diagnostics);
        Assert.Null(result.Results.Single().Exception);
        Assert.Equal(4, result.Results.Single().GeneratedSources.Length);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Two_configs_with_one_type_name_generate_the_first_only_and_the_analyzer_reports_the_second()
    {
        var files = new List<AdditionalText>
        {
            new Text("/p/a/siglip.preprocess.json", Siglip),
            new Text("/p/b/siglip.preprocess.json", Siglip.Replace("0.5, 0.5, 0.5]\n}", "0.5, 0.5, 0.25]\n}")),
        };
        var (result, output, diagnostics) = Harness.Run(files);
        Assert.Empty(diagnostics);
        Assert.Single(result.Results.Single().GeneratedSources);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        var d = Assert.Single(Harness.Analyze(files));
        Assert.Equal("PPG0005", d.Id);
        Assert.Equal("/p/b/siglip.preprocess.json", d.Location.GetLineSpan().Path);
        Assert.Contains("/p/a/siglip.preprocess.json", d.GetMessage());
    }

    [Fact]
    public void The_namespace_follows_PreprocessGenNamespace_then_RootNamespace()
    {
        var files = new List<AdditionalText> { new Text("/p/x.preprocess.json", Siglip) };
        var custom = new Options(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Root", ["build_property.PreprocessGenNamespace"] = "My.Models" });
        Assert.Contains("namespace My.Models", Harness.Run(files, custom).Result.Results.Single().GeneratedSources.Single().SourceText.ToString());
        var root = new Options(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Root" });
        Assert.Contains("namespace Root.Preprocessing", Harness.Run(files, root).Result.Results.Single().GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Files_that_are_not_marked_or_named_as_configs_are_ignored()
    {
        var files = new List<AdditionalText> { new Text("/p/appsettings.json", "{\"image_size\": 224, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}"), new Text("/p/models/x/preprocessor_config.json", HfClip) };
        Assert.Empty(Harness.Run(files).Result.Results.Single().GeneratedSources);
        Assert.Empty(Harness.Analyze(files));
    }

    [Fact]
    public void The_catalog_becomes_Pretrained_Architecture_Tag()
    {
        var files = OpenClipCatalog.Entries.Take(12).Select((e, i) => (AdditionalText)new Text($"/c/openclip/{e.Name}.preprocess.json", CanonicalFormat.Write(e))).ToList();
        var options = new Options(new Dictionary<string, string> { ["build_property.PreprocessGenCatalogClass"] = "Tests.Pretrained" });
        var (result, output, _) = Harness.Run(files, options);
        var source = Assert.Single(result.Results.Single().GeneratedSources).SourceText.ToString();
        var first = OpenClipCatalog.Entries[0];
        Assert.Contains($"public static partial class {Naming.ArchitectureTypeName(first.Architecture!)}", source);
        Assert.Contains($"public static partial class {Naming.TagMemberName(first.Pretrained!)}", source);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity >= DiagnosticSeverity.Warning);
    }
}

using System.IO;
using System.Linq;
using Xunit;

namespace PreprocessGen.Config.Tests;

/// <summary>The 15 real config files from public repositories, each asserted field by field.</summary>
public class RealConfigTests
{
    private static PreprocessSpec Ok(string file, ConfigDialect dialect)
    {
        var r = PreprocessConfig.Load(TestPaths.RealConfig(file));
        Assert.True(r.Success, string.Join("\n", r.Problems));
        Assert.Equal(dialect, r.Dialect);
        Assert.Empty(r.Problems);
        return r.Spec!;
    }

    private static ConfigProblem Rejected(string file, string field, int line, int column)
    {
        var r = PreprocessConfig.Load(TestPaths.RealConfig(file));
        Assert.False(r.Success);
        var p = Assert.Single(r.Problems);
        Assert.Equal(ProblemCodes.Unsupported, p.Code);
        Assert.Equal(ProblemSeverity.Error, p.Severity);
        Assert.Equal(field, p.Field);
        Assert.Equal((line, column), (p.Line, p.Column));
        Assert.EndsWith(file, p.FilePath);
        return p;
    }

    private static int LineOf(string file, string needle, out int column)
    {
        var lines = File.ReadAllText(TestPaths.RealConfig(file)).Replace("\r\n", "\n").Split('\n');
        int i = lines.Select((l, n) => (l, n)).First(x => x.l.Contains(needle)).n;
        column = lines[i].IndexOf(needle) + 1;
        return i + 1;
    }

    [Fact]
    public void Legacy_int_size_is_shortest_edge_plus_square_crop()
    {
        var s = Ok("anikacheerla__georegressor__preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal(RulesFlavor.HuggingFace, s.Rules);
        Assert.Equal(ResizeMode.Shortest, s.ResizeMode);
        Assert.Equal((336, 336), (s.ResizeWidth, s.ResizeHeight));
        Assert.Equal((336, 336), (s.Width, s.Height));
        Assert.Equal(Interpolation.Bicubic, s.Interpolation);
        Assert.Equal(Rgb.OpenAiMean, s.Mean);
        Assert.Equal(Rgb.OpenAiStd, s.Std);
        Assert.True(s.ConvertRgb);
        Assert.Equal(1.0 / 255, s.RescaleFactor);
    }

    [Fact]
    public void Stable_diffusion_legacy_224()
    {
        var s = Ok("HDRJ-One__runwayml-stable-diffusion-v1-5__feature_extractor_preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal((ResizeMode.Shortest, 224, 224, 224), (s.ResizeMode, s.ResizeWidth, s.Width, s.Height));
        Assert.True(s.Normalize);
    }

    [Fact]
    public void Stable_video_diffusion_uses_bilinear()
    {
        var s = Ok("L765819__stable-video-diffusion-img2vid-xt__feature_extractor_preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal(Interpolation.Bilinear, s.Interpolation);
        Assert.Equal((ResizeMode.Shortest, 224, 224), (s.ResizeMode, s.ResizeWidth, s.Width));
    }

    [Theory]
    [InlineData("bhuvanmdev__test__feature_extractor_preprocessor_config.json")]
    [InlineData("jasmit21__nsfw_extension__models_preprocessor_config.json")]
    public void Standard_clip_224(string file)
    {
        var s = Ok(file, ConfigDialect.HuggingFace);
        Assert.Equal(new PreprocessSpec { Rules = RulesFlavor.HuggingFace }, s);
    }

    [Fact]
    public void Clip_with_imagenet_statistics()
    {
        var s = Ok("kiranmanicka__font_model__preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal(Rgb.ImageNetMean, s.Mean);
        Assert.Equal(Rgb.ImageNetStd, s.Std);
        Assert.Equal(ResizeMode.Shortest, s.ResizeMode);
    }

    [Fact]
    public void Florence_height_width_768_without_crop_is_squash_768()
    {
        var s = Ok("zhangfaen__finetune-Florence-2-large-ft__model_preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal(ResizeMode.Squash, s.ResizeMode);
        Assert.Equal((768, 768, 768, 768), (s.ResizeWidth, s.ResizeHeight, s.Width, s.Height));
        Assert.Equal(Rgb.ImageNetMean, s.Mean);
        Assert.True(s.ConvertRgb); // an explicit null takes the class default (transformers 5.x)
        Assert.Equal(1.0 / 255, s.RescaleFactor); // rescale_factor null -> default
    }

    [Fact]
    public void Florence_custom_encoder_squash_384()
    {
        var s = Ok("04RR__Florence-custom-encoder__preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal((ResizeMode.Squash, 384, 384, 384), (s.ResizeMode, s.ResizeWidth, s.Width, s.Height));
    }

    [Fact]
    public void Vit_processor_squash_bilinear_half()
    {
        var s = Ok("bjornburmeister00-stack__PlantNet__preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal((ResizeMode.Squash, 224, 224), (s.ResizeMode, s.Width, s.Height));
        Assert.Equal(Interpolation.Bilinear, s.Interpolation);
        Assert.Equal(Rgb.Half, s.Mean);
        Assert.Equal(Rgb.Half, s.Std);
        Assert.False(s.ConvertRgb);
    }

    [Fact]
    public void Blip_squash_384_bicubic_openai()
    {
        var s = Ok("enpingzhu315-png__FD-human-in-the-loop__processor_preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal((ResizeMode.Squash, 384, 384), (s.ResizeMode, s.Width, s.Height));
        Assert.Equal(Interpolation.Bicubic, s.Interpolation);
        Assert.Equal(Rgb.OpenAiMean, s.Mean);
        Assert.True(s.ConvertRgb);
    }

    [Fact]
    public void PaliGemma_siglip_squash_224()
    {
        var s = Ok("zafarRehan__PaliGemma__weights_preprocessor_config.json", ConfigDialect.HuggingFace);
        Assert.Equal((ResizeMode.Squash, 224, 224, 224), (s.ResizeMode, s.ResizeWidth, s.Width, s.Height));
        Assert.Equal(Rgb.Half, s.Mean);
        Assert.Equal(Interpolation.Bicubic, s.Interpolation);
        Assert.True(s.ConvertRgb); // do_convert_rgb: null -> SigLIP's 5.x default
    }

    [Fact]
    public void OpenClip_config_with_mean_std_only_takes_defaults_and_model_size()
    {
        var s = Ok("THUDM__open_clip_pix2struct__open_clip_config.json", ConfigDialect.OpenClip);
        Assert.Equal(new PreprocessSpec(), s);
        Assert.True(s.IsOpenClipDefault);
    }

    [Fact]
    public void Llava_next_any_res_is_rejected_naming_the_processor()
    {
        const string file = "LouisNguyen1409__Chatbot-model-for-ScienceQA__preprocessor_config.json";
        int line = LineOf(file, "\"LlavaNextImageProcessor\"", out int col);
        var p = Rejected(file, "image_processor_type", line, col);
        Assert.Contains("LlavaNextImageProcessor", p.Message);
        Assert.Contains("any-resolution", p.Message);
    }

    [Fact]
    public void Unknown_processor_class_is_rejected()
    {
        const string file = "cehd5170__test-vlm__preprocessor_config.json";
        int line = LineOf(file, "\"Mineru2ImageProcessor\"", out int col);
        var p = Rejected(file, "image_processor_type", line, col);
        Assert.Contains("Mineru2ImageProcessor", p.Message);
    }

    [Fact]
    public void Generic_feature_extractor_type_is_rejected()
    {
        const string file = "aneeszehri__no1__feature_extractor_preprocessor_config.json";
        int line = LineOf(file, "\"transformers.FeatureExtractor\"", out int col);
        var p = Rejected(file, "feature_extractor_type", line, col);
        Assert.Contains("transformers.FeatureExtractor", p.Message);
    }

    [Fact]
    public void Every_real_config_is_covered_by_a_test()
    {
        int count = Directory.GetFiles(Path.Combine(TestPaths.Fixtures, "real-configs"), "*.json").Length;
        Assert.Equal(15, count);
    }
}

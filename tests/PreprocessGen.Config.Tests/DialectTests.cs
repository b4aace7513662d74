using Xunit;

namespace PreprocessGen.Config.Tests;

public class DialectTests
{
    private static PreprocessSpec Ok(string json, string path)
    {
        var r = PreprocessConfig.Parse(json, path);
        Assert.True(r.Success, string.Join("\n", r.Problems));
        return r.Spec!;
    }

    [Fact]
    public void OpenClip_siglip_hub_config()
    {
        var s = Ok("""
            {"model_cfg": {"embed_dim": 768, "vision_cfg": {"image_size": 384}},
             "preprocess_cfg": {"mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "interpolation": "bicubic", "resize_mode": "squash"}}
            """, "open_clip_config.json");
        Assert.Equal(new PreprocessSpec { Width = 384, Height = 384, ResizeWidth = 384, ResizeHeight = 384, ResizeMode = ResizeMode.Squash, Mean = Rgb.Half, Std = Rgb.Half }, s);
    }

    [Fact]
    public void OpenClip_size_in_preprocess_cfg_is_never_effective()
    {
        var s = Ok("""{"model_cfg": {"vision_cfg": {"image_size": 336}}, "preprocess_cfg": {"size": 999, "url": "x", "mean": null}}""", "open_clip_config.json");
        Assert.Equal(336, s.Width);
        Assert.Equal(Rgb.OpenAiMean, s.Mean);
    }

    [Fact]
    public void OpenClip_scalar_mean_is_broadcast_and_random_is_bicubic()
    {
        var s = Ok("""{"model_cfg": {}, "preprocess_cfg": {"mean": 0.5, "std": [0.25], "interpolation": "random"}}""", "open_clip_config.json");
        Assert.Equal(Rgb.Half, s.Mean);
        Assert.Equal(new Rgb(0.25, 0.25, 0.25), s.Std);
        Assert.Equal(Interpolation.Bicubic, s.Interpolation);
        Assert.Equal(224, s.Width);
    }

    [Fact]
    public void Flat_preprocess_cfg_dump_as_immich_writes_it()
    {
        var s = Ok("""{"size":[256,256],"mode":"RGB","mean":[0.5,0.5,0.5],"std":[0.5,0.5,0.5],"interpolation":"bicubic","resize_mode":"squash","fill_color":0}""", "preprocess_cfg.json");
        Assert.Equal((ResizeMode.Squash, 256, 256), (s.ResizeMode, s.Width, s.Height));
        Assert.Equal(Rgb.Half, s.Mean);
    }

    [Fact]
    public void OpenClip_longest_keeps_fill_color()
    {
        var s = Ok("""{"model_cfg": {"vision_cfg": {"image_size": 224}}, "preprocess_cfg": {"resize_mode": "longest", "fill_color": 128}}""", "open_clip_config.json");
        Assert.Equal(ResizeMode.Longest, s.ResizeMode);
        Assert.Equal(new Rgb24(128, 128, 128), s.Fill);
    }

    [Theory]
    [InlineData(0.875, 256)]
    [InlineData(0.9, 248)]
    [InlineData(0.95, 235)]
    [InlineData(1.0, 224)]
    public void Timm_center_crop_pct_sets_the_resize(double pct, int resize)
    {
        var s = Ok($$$"""{"architecture": "vit_base_patch16_224", "pretrained_cfg": {"input_size": [3, 224, 224], "crop_pct": {{{pct.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "interpolation": "bicubic", "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5]}}""", "config.json");
        Assert.Equal(RulesFlavor.Timm, s.Rules);
        Assert.Equal((ResizeMode.Shortest, resize, 224), (s.ResizeMode, s.ResizeWidth, s.Width));
        Assert.False(s.ConvertRgb);
    }

    [Fact]
    public void Timm_defaults_are_imagenet_0875()
    {
        var s = Ok("""{"input_size": [3, 256, 256], "crop_pct": 0.95}""", "pretrained_cfg.json");
        Assert.Equal(Rgb.ImageNetMean, s.Mean);
        Assert.Equal(Rgb.ImageNetStd, s.Std);
        Assert.Equal(269, s.ResizeWidth);
    }

    [Fact]
    public void Timm_squash_and_border()
    {
        var squash = Ok("""{"input_size": [3, 224, 224], "crop_pct": 1.0, "crop_mode": "squash", "interpolation": "bilinear"}""", "x.json");
        Assert.Equal((ResizeMode.Squash, 224, Interpolation.Bilinear), (squash.ResizeMode, squash.ResizeWidth, squash.Interpolation));
        var border = Ok("""{"input_size": [3, 224, 224], "crop_pct": 1.0, "crop_mode": "border", "mean": [0.48145466, 0.4578275, 0.40821073]}""", "x.json");
        Assert.Equal(ResizeMode.Longest, border.ResizeMode);
        Assert.Equal(new Rgb24(123, 117, 104), border.Fill);
    }

    [Fact]
    public void Timm_border_below_crop_pct_1_fits_the_scale_box_then_crops()
    {
        var s = Ok("""{"input_size": [3, 224, 224], "crop_pct": 0.875, "crop_mode": "border", "interpolation": "bicubic"}""", "x.json");
        Assert.Equal((ResizeMode.Longest, 256, 256, 224, 224), (s.ResizeMode, s.ResizeWidth, s.ResizeHeight, s.Width, s.Height));
        Assert.Equal(Interpolation.Bicubic, s.Interpolation);
    }

    [Fact]
    public void Timm_center_non_square_resizes_bilinear_whatever_the_config_says()
    {
        var s = Ok("""{"input_size": [3, 224, 320], "crop_pct": 0.9, "interpolation": "bicubic"}""", "x.json");
        Assert.Equal((ResizeMode.Shortest, 355, 248, 320, 224), (s.ResizeMode, s.ResizeWidth, s.ResizeHeight, s.Width, s.Height));
        Assert.Equal(Interpolation.Bilinear, s.Interpolation);
    }

    [Fact]
    public void Hf_clip_use_square_size_squashes()
    {
        var s = Ok("""{"image_processor_type": "CLIPImageProcessor", "size": {"shortest_edge": 224}, "use_square_size": true, "do_center_crop": false}""", "preprocessor_config.json");
        Assert.Equal((ResizeMode.Squash, 224, 224), (s.ResizeMode, s.Width, s.Height));
    }

    [Fact]
    public void Hf_do_rescale_false_keeps_0_255_and_missing_rgb_key_takes_class_default()
    {
        var s = Ok("""{"image_processor_type": "SiglipImageProcessor", "size": {"height": 256, "width": 256}, "do_rescale": false, "do_normalize": false}""", "preprocessor_config.json");
        Assert.Equal(1.0, s.RescaleFactor);
        Assert.False(s.Normalize);
        Assert.True(s.ConvertRgb); // SiglipImageProcessor converts by default in transformers 5.x
        Assert.Equal(256, s.Width);
    }

    [Fact]
    public void Hf_fast_suffix_is_the_same_processor()
    {
        var s = Ok("""{"image_processor_type": "CLIPImageProcessorFast", "size": {"shortest_edge": 336}, "crop_size": 336}""", "preprocessor_config.json");
        Assert.Equal((ResizeMode.Shortest, 336, 336), (s.ResizeMode, s.ResizeWidth, s.Width));
    }

    [Fact]
    public void Canonical_round_trip_of_every_field()
    {
        var spec = new PreprocessSpec
        {
            Name = "My \"model\"", Architecture = "ViT-B-16", Pretrained = "custom", Rules = RulesFlavor.HuggingFace,
            Width = 320, Height = 256, ResizeMode = ResizeMode.Squash, ResizeWidth = 352, ResizeHeight = 288,
            Interpolation = Interpolation.Lanczos, Mean = new Rgb(0.1, 0.2, 0.3), Std = new Rgb(1, 2, 3e-5),
            Fill = new Rgb24(1, 2, 3), RescaleFactor = 1.0, Normalize = false, ConvertRgb = false, ChannelOrder = ChannelOrder.Bgr,
        };
        string text = CanonicalFormat.Write(spec);
        var back = Ok(text, "x.preprocess.json");
        Assert.Equal(spec, back);
        Assert.Equal(text, CanonicalFormat.Write(back));
    }

    [Fact]
    public void Canonical_files_accept_comments_and_bom()
    {
        var s = Ok("\uFEFF{ // SigLIP\n \"image_size\": 224, /* square */ \"resize_mode\": \"squash\", \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5] }", "a.preprocess.json");
        Assert.Equal(ResizeMode.Squash, s.ResizeMode);
    }

    [Fact]
    public void Specs_are_value_equal()
    {
        var a = Ok("""{"image_size": 224, "mean": [0.5,0.5,0.5], "std": [0.5,0.5,0.5]}""", "a.preprocess.json");
        var b = Ok("""{"std": [0.5,0.5,0.5], "mean": [0.50,0.5,0.5e0], "image_size": [224, 224]}""", "b.preprocess.json");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a with { Interpolation = Interpolation.Bilinear });
    }
}

using System;
using System.Linq;
using Xunit;

namespace PreprocessGen.Config.Tests;

/// <summary>
/// Every validation problem, from a broken file. The expected position is where the test author put the marker
/// <c>@</c> in the file text; the marker is removed before parsing, and line/column are counted from the text itself.
/// </summary>
public class ProblemTests
{
    private static ConfigProblem Single(string marked, string path, string code, string field, ProblemSeverity severity = ProblemSeverity.Error)
    {
        int at = marked.IndexOf('@');
        Assert.True(at >= 0, "test text needs an @ marker");
        string text = marked.Remove(at, 1);
        string before = text.Substring(0, at).Replace("\r\n", "\n");
        int line = before.Count(c => c == '\n') + 1;
        int column = before.Length - (before.LastIndexOf('\n') + 1) + 1;

        var r = PreprocessConfig.Parse(text, path);
        var p = Assert.Single(r.Problems, x => x.Code == code);
        Assert.Equal(severity, p.Severity);
        Assert.Equal(field, p.Field);
        Assert.Equal((line, column), (p.Line, p.Column));
        Assert.Equal(path, p.FilePath);
        Assert.False(string.IsNullOrWhiteSpace(p.Message));
        Assert.False(string.IsNullOrWhiteSpace(p.Fix));
        Assert.Contains($"{path}({line},{column}): {(severity == ProblemSeverity.Error ? "error" : "warning")} {code}:", p.ToString());
        if (severity == ProblemSeverity.Error) Assert.Null(r.Spec);
        return p;
    }

    private const string C = "m.preprocess.json";
    private const string Hf = "preprocessor_config.json";
    private const string Oc = "open_clip_config.json";

    [Fact] public void Invalid_json_missing_comma() =>
        Single("{\n  \"image_size\": 224\n  @\"mean\": [0.5, 0.5, 0.5]\n}", C, ProblemCodes.InvalidJson, "");

    [Fact] public void Invalid_json_trailing_comma() =>
        Single("{\n  \"image_size\": 224,\n  \"mean\": [0.5, 0.5, 0.5@,]\n}", C, ProblemCodes.InvalidJson, "");

    [Fact] public void Invalid_json_unterminated_string() =>
        Single("{\n  \"name\": @\"abc\n}", C, ProblemCodes.InvalidJson, "");

    [Fact] public void Invalid_json_duplicate_key()
    {
        var p = Single("{\"image_size\": 224, \"mean\": [0.5,0.5,0.5],\n \"std\": [0.5,0.5,0.5], @\"mean\": [0,0,0]}", C, ProblemCodes.InvalidJson, "");
        Assert.Contains("duplicate key \"mean\"", p.Message);
    }

    [Fact] public void Invalid_json_crlf_file_counts_lines_right() =>
        Single("{\r\n  \"image_size\": 224,\r\n\r\n  \"mean\": @tru\r\n}", C, ProblemCodes.InvalidJson, "");

    [Fact] public void Invalid_json_empty_file() => Single("@", C, ProblemCodes.InvalidJson, "");

    [Fact] public void Invalid_json_too_deep()
    {
        string deep = "{\"a\": " + string.Concat(Enumerable.Repeat("[", 63)) + "@[" + string.Concat(Enumerable.Repeat("]", 64)) + "}";
        Single(deep, C, ProblemCodes.InvalidJson, "");
    }

    [Fact] public void Root_not_an_object() => Single("@[1, 2, 3]", C, ProblemCodes.InvalidValue, "");

    [Fact] public void Wrong_type_string_field() =>
        Single("{\"name\": @42, \"image_size\": 224, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "name");

    [Fact] public void Wrong_type_boolean_field() =>
        Single("{\"image_size\": 224, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5],\n  \"normalize\": @\"yes\"}", C, ProblemCodes.InvalidValue, "normalize");

    [Fact] public void Wrong_type_hf_size() =>
        Single("{\"image_processor_type\": \"SiglipImageProcessor\",\n \"size\": @\"224\"}", Hf, ProblemCodes.InvalidValue, "size");

    [Fact] public void Wrong_type_openclip_preprocess_cfg() =>
        Single("{\"model_cfg\": {}, \"preprocess_cfg\": @[1]}", Oc, ProblemCodes.InvalidValue, "preprocess_cfg");

    [Fact] public void Missing_image_size() =>
        Single("@{\"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "image_size");

    [Fact] public void Missing_std() =>
        Single("\n\n  @{\"image_size\": 224, \"mean\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "std");

    [Fact] public void Missing_processor_type() =>
        Single("@{\"do_resize\": true, \"size\": {\"height\": 224, \"width\": 224}}", Hf, ProblemCodes.InvalidValue, "image_processor_type");

    [Fact] public void Unsupported_processor()
    {
        var p = Single("{\n  \"image_processor_type\": @\"Qwen2VLImageProcessor\",\n  \"min_pixels\": 3136\n}", Hf, ProblemCodes.Unsupported, "image_processor_type");
        Assert.Contains("Qwen2VLImageProcessor", p.Message);
    }

    [Fact] public void Unsupported_siglip2_naflex() =>
        Single("{\"image_processor_type\": @\"Siglip2ImageProcessor\", \"max_num_patches\": 256}", Hf, ProblemCodes.Unsupported, "image_processor_type");

    [Fact] public void Unsupported_do_resize_false() =>
        Single("{\"image_processor_type\": \"CLIPImageProcessor\",\n \"do_resize\": @false}", Hf, ProblemCodes.Unsupported, "do_resize");

    [Fact] public void Unsupported_openclip_mode() =>
        Single("{\"model_cfg\": {}, \"preprocess_cfg\": {\"mode\": @\"L\"}}", Oc, ProblemCodes.Unsupported, "preprocess_cfg.mode");

    [Fact] public void Unrecognised_file() => Single("@{\"hello\": 1}", "settings.json", ProblemCodes.Unsupported, "");

    [Fact] public void Mean_with_two_values() =>
        Single("{\"image_size\": 224,\n \"mean\": @[0.5, 0.5],\n \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "mean");

    [Fact] public void Mean_not_a_number() =>
        Single("{\"image_size\": 224, \"mean\": [0.5, @\"0.5\", 0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "mean");

    [Fact] public void Mean_nan() =>
        Single("{\"image_size\": 224, \"mean\": [0.5, 0.5, @NaN], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "mean");

    [Fact] public void Std_zero()
    {
        var p = Single("{\"image_size\": 224, \"mean\": [0.5,0.5,0.5],\n \"std\": [0.5, @0, 0.5]}", C, ProblemCodes.InvalidValue, "std");
        Assert.Contains("std[1]", p.Message);
    }

    [Fact] public void Std_negative_in_hf() =>
        Single("{\"image_processor_type\": \"CLIPImageProcessor\", \"image_std\": [@-0.2, 0.2, 0.2]}", Hf, ProblemCodes.InvalidValue, "image_std");

    [Fact] public void Std_infinite_in_openclip() =>
        Single("{\"model_cfg\": {}, \"preprocess_cfg\": {\"std\": [0.5, 0.5, @Infinity]}}", Oc, ProblemCodes.InvalidValue, "preprocess_cfg.std");

    [Fact] public void Size_zero() =>
        Single("{\"image_size\": @0, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "image_size");

    [Fact] public void Size_absurd() =>
        Single("{\"image_size\": [224, @100000], \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "image_size[1]");

    [Fact] public void Size_fractional_in_openclip_model() =>
        Single("{\"model_cfg\": {\"vision_cfg\": {\"image_size\": @224.5}}}", Oc, ProblemCodes.InvalidValue, "model_cfg.vision_cfg.image_size");

    [Fact] public void Size_negative_hf_crop() =>
        Single("{\"image_processor_type\": \"CLIPImageProcessor\", \"size\": 224, \"crop_size\": {\"height\": @-1, \"width\": 224}}", Hf, ProblemCodes.InvalidValue, "crop_size.height");

    [Fact] public void Size_timm_input_size_shape() =>
        Single("{\"pretrained_cfg\": {\"input_size\": @[224, 224]}}", "config.json", ProblemCodes.InvalidValue, "pretrained_cfg.input_size");

    [Fact] public void Unknown_interpolation()
    {
        var p = Single("{\"image_size\": 224, \"interpolation\": @\"bicubik\", \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "interpolation");
        Assert.Contains("bicubic", p.Fix);
    }

    [Fact] public void Unknown_resize_mode() =>
        Single("{\"image_size\": 224, \"resize_mode\": @\"fit\", \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "resize_mode");

    [Fact] public void Unknown_rules() =>
        Single("{\"rules\": @\"keras\", \"image_size\": 224, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "rules");

    [Fact] public void Unknown_channel_order() =>
        Single("{\"image_size\": 224, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5], \"channel_order\": @\"rgba\"}", C, ProblemCodes.InvalidValue, "channel_order");

    [Fact] public void Nearest_is_not_an_openclip_eval_interpolation() =>
        Single("{\"model_cfg\": {}, \"preprocess_cfg\": {\"interpolation\": @\"nearest\"}}", Oc, ProblemCodes.InvalidValue, "preprocess_cfg.interpolation");

    [Fact] public void Unknown_resample_code() =>
        Single("{\"image_processor_type\": \"CLIPImageProcessor\", \"resample\": @7}", Hf, ProblemCodes.InvalidValue, "resample");

    [Fact] public void Unknown_timm_crop_mode() =>
        Single("{\"input_size\": [3, 224, 224], \"crop_mode\": @\"zoom\"}", "config.json", ProblemCodes.InvalidValue, "crop_mode");

    [Fact] public void Crop_larger_than_resize_canonical() =>
        Single("{\"image_size\": 224, \"resize_size\": @200, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "resize_size");

    [Fact]
    public void Crop_larger_than_resize_hf_is_the_processors_zero_pad_not_an_error()
    {
        var r = PreprocessConfig.Parse("{\"image_processor_type\": \"CLIPImageProcessor\", \"size\": {\"shortest_edge\": 224},\n \"crop_size\": {\"height\": 336, \"width\": 336}}", Hf);
        Assert.True(r.Success, string.Join("\n", r.Problems));
        Assert.Equal((224, 336, 336), (r.Spec!.ResizeWidth, r.Spec.Width, r.Spec.Height));
    }

    [Fact] public void Shortest_edge_without_crop() =>
        Single("{\"image_processor_type\": \"CLIPImageProcessor\", \"size\": {\"shortest_edge\": 224}, \"do_center_crop\": @false}", Hf, ProblemCodes.InvalidValue, "do_center_crop");

    [Fact] public void Unknown_key_warns_with_suggestion()
    {
        string marked = "{\"image_size\": 224,\n  @\"interpolaton\": \"bilinear\", \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}";
        var p = Single(marked, C, ProblemCodes.UnknownKey, "interpolaton", ProblemSeverity.Warning);
        Assert.Contains("interpolation", p.Fix);
        Assert.NotNull(PreprocessConfig.Parse(marked.Replace("@", ""), C).Spec);
    }

    [Fact] public void Fill_color_out_of_range() =>
        Single("{\"image_size\": 224, \"resize_mode\": \"longest\", \"fill_color\": @256, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", C, ProblemCodes.InvalidValue, "fill_color");

    [Fact] public void Rescale_factor_out_of_range() =>
        Single("{\"image_processor_type\": \"CLIPImageProcessor\", \"rescale_factor\": @255}", Hf, ProblemCodes.InvalidValue, "rescale_factor");

    [Fact] public void Crop_pct_out_of_range() =>
        Single("{\"pretrained_cfg\": {\"input_size\": [3, 224, 224], \"crop_pct\": @0}}", "config.json", ProblemCodes.InvalidValue, "pretrained_cfg.crop_pct");

    [Fact]
    public void Several_problems_are_all_reported()
    {
        var r = PreprocessConfig.Parse("{\"image_size\": 0, \"mean\": [1, 2], \"std\": [0, 1, 1], \"interpolation\": \"x\"}", C);
        Assert.Equal(new[] { ProblemCodes.InvalidValue, ProblemCodes.InvalidValue, ProblemCodes.InvalidValue, ProblemCodes.InvalidValue }.OrderBy(x => x, StringComparer.Ordinal),
            r.Problems.Select(p => p.Code).OrderBy(x => x, StringComparer.Ordinal));
    }
}

public class JsonParserTests
{
    [Theory]
    [InlineData("{\"a\": 1,}", 7)]
    [InlineData("{\"a\": 01}", 6)]
    [InlineData("{\"a\": 1.}", 6)]
    [InlineData("{\"a\": \"\\q\"}", 7)]
    [InlineData("{\"a\": 1} x", 9)]
    [InlineData("{\"a\" 1}", 5)]
    [InlineData("{a: 1}", 1)]
    [InlineData("/* open", 0)]
    public void Syntax_errors_point_at_the_offending_character(string text, int offset)
    {
        Assert.False(Json.JsonParser.TryParse(text, out _, out var error));
        Assert.Equal(offset, error!.Span.Start);
    }

    [Fact]
    public void Values_keep_their_raw_tokens_and_spans()
    {
        Assert.True(Json.JsonParser.TryParse("{\"m\": [0.48145466, -1e-3, NaN], \"s\": \"a\\u00e9\\n\", \"b\": true}", out var root, out _));
        var m = root.Get("m")!;
        Assert.Equal(new[] { "0.48145466", "-1e-3", "NaN" }, m.Items.Select(i => i.Raw));
        Assert.Equal(0.48145466, m.Items[0].NumberValue);
        Assert.True(double.IsNaN(m.Items[2].NumberValue));
        Assert.Equal("aé\n", root.Get("s")!.StringValue);
        Assert.Equal(new Json.TextSpan(6, 24), m.Span);
        Assert.True(root.Get("b")!.BooleanValue);
    }

    [Fact]
    public void Oversized_text_is_refused_without_parsing()
    {
        Assert.False(Json.JsonParser.TryParse(new string(' ', Json.JsonParser.MaxLength + 1), out _, out var error));
        Assert.Contains("limited", error!.Message);
    }

    [Fact]
    public void Mutated_configs_never_throw()
    {
        var rng = new Random(12345);
        string seed = System.IO.File.ReadAllText(TestPaths.RealConfig("bhuvanmdev__test__feature_extractor_preprocessor_config.json"));
        const string alphabet = "{}[]\",:0123456789.-eE \ntruefalsnulNaI\\/*";
        for (int i = 0; i < 5000; i++)
        {
            var chars = seed.ToCharArray().ToList();
            int edits = 1 + rng.Next(4);
            for (int e = 0; e < edits && chars.Count > 0; e++)
            {
                int at = rng.Next(chars.Count);
                switch (rng.Next(3))
                {
                    case 0: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, alphabet[rng.Next(alphabet.Length)]); break;
                    default: chars[at] = alphabet[rng.Next(alphabet.Length)]; break;
                }
            }

            string text = new string(chars.ToArray());
            var r = PreprocessConfig.Parse(text, Hf);
            Assert.True(r.Success || r.Problems.Any(p => p.Severity == ProblemSeverity.Error), text);
            foreach (var p in r.Problems)
            {
                Assert.InRange(p.Span.Start, 0, text.Length);
                Assert.InRange(p.Span.End, p.Span.Start, text.Length);
                Assert.True(p.Line >= 1 && p.Column >= 1);
            }
        }
    }

    private const string Hf = "preprocessor_config.json";
}

public class OpenClipNonSquareTests
{
    [Fact]
    public void Non_square_shortest_covers_the_box_and_is_always_bicubic()
    {
        var r = PreprocessConfig.Parse("{\"model_cfg\": {\"vision_cfg\": {\"image_size\": [224, 336]}}, \"preprocess_cfg\": {\"interpolation\": \"bilinear\"}}", "open_clip_config.json");
        var s = r.Spec!;
        Assert.Equal((ResizeMode.Shortest, 336, 224, 336, 224), (s.ResizeMode, s.Width, s.Height, s.ResizeWidth, s.ResizeHeight));
        Assert.Equal(Interpolation.Bicubic, s.Interpolation);
        Assert.Equal(s, PreprocessConfig.Parse(CanonicalFormat.Write(s), "x.preprocess.json").Spec);
    }
}

public class GeometryValidationTests
{
    [Theory]
    [InlineData("[224, 336]", "256", false)]   // shortest 256 cannot always fill 336
    [InlineData("[224, 336]", "336", true)]
    [InlineData("[224, 336]", "[224, 300]", false)]
    [InlineData("[224, 336]", "[240, 360]", true)]
    [InlineData("224", "224", true)]
    [InlineData("224", "223", false)]
    public void Shortest_resize_must_cover_the_crop(string size, string resize, bool ok)
    {
        var r = PreprocessConfig.Parse($"{{\"image_size\": {size}, \"resize_size\": {resize}, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}}", "a.preprocess.json");
        Assert.Equal(ok, r.Success);
        if (!ok) Assert.Equal(ProblemCodes.InvalidValue, Assert.Single(r.Problems).Code);
    }
}

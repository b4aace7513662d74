using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using PreprocessGen.Config;
using Xunit;

namespace PreprocessGen.Cli.Tests;

/// <summary>validate, explain, convert, preview, the folder mode of preprocess, and --help on every command.</summary>
[Collection("cli")]
public sealed class CommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ppg-cmd-").FullName;
    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            return (Program.Main(args), o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Validate_prints_the_build_diagnostics_and_fails_on_errors()
    {
        string good = Write("good.preprocess.json", "{\"image_size\": 224, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5],\n \"interpolaton\": \"bicubic\"}");
        string bad = Write("bad.preprocess.json", "{\n  \"image_size\": 224,\n  \"mean\": [0.5, 0.5, 0.5],\n  \"std\": [0.5, 0, 0.5]\n}");
        var warnOnly = Run("validate", good);
        Assert.Equal(0, warnOnly.Code);
        Assert.Contains($"{good}(2,2): warning PPG0002:", warnOnly.Out);
        Assert.Contains("0 error(s), 1 warning(s)", warnOnly.Out);
        var both = Run("validate", good, bad, Path.Combine(_dir, "missing.json"));
        Assert.Equal(1, both.Code);
        Assert.Contains($"{bad}(4,16): error PPG0003:", both.Out);
        Assert.Contains("missing.json: error: file not found", both.Err);
    }

    [Fact]
    public void Explain_says_the_steps_as_the_generated_docs_do()
    {
        string cfg = Path.Combine(Fixtures, "file-configs", "hf_clip_bicubic_64_crop61.json");
        var (code, stdout, _) = Run("explain", cfg);
        Assert.Equal(0, code);
        var spec = PreprocessConfig.Load(cfg).Spec!;
        Assert.Contains(SpecExplainer.Steps(spec), stdout);
        Assert.Contains("convert to RGB; shortest side to 64, bicubic; centre crop 61x61", stdout);
        Assert.Contains("output: float32 [3, 61, 61]", stdout);
    }

    [Theory]
    [InlineData("oc_longest_bicubic_56x72_fill200.json", "openclip")]
    [InlineData("oc_squash_nearest_48.json", "canonical")]
    [InlineData("hf_clip_bicubic_64_crop61.json", "hf")]
    [InlineData("hf_siglip_lanczos_64.json", "hf")]
    [InlineData("timm_center_09_bicubic_64.json", "canonical")]
    public void Convert_is_lossless_where_the_target_can_express_the_config(string config, string target)
    {
        string source = Path.Combine(Fixtures, "file-configs", config);
        string name = target switch { "openclip" => "open_clip_config.json", "hf" => "preprocessor_config.json", _ => "out.preprocess.json" };
        string output = Path.Combine(_dir, name);
        var (code, _, err) = Run("convert", source, "--to", target, "--out", output);
        Assert.True(code == 0, err);
        var original = PreprocessConfig.Load(source).Spec!;
        var converted = PreprocessConfig.Load(output).Spec!;
        Assert.Empty(SpecComparison.Differences(original, converted));
        Assert.Equal(2, Run("convert", source, "--to", target, "--out", output).Code); // kept unless --force
        Assert.Equal(0, Run("convert", source, "--to", target, "--out", output, "--force").Code);
    }

    [Fact]
    public void Convert_says_what_the_target_cannot_express()
    {
        var toHf = Run("convert", Path.Combine(Fixtures, "file-configs", "oc_shortest_bicubic_64.json"), "--to", "hf");
        Assert.Equal(1, toHf.Code);
        Assert.Contains("cannot express rules openclip", toHf.Err);
        string caffe = Write("caffe.preprocess.json", "{\"image_size\": 224, \"resize_size\": 256, \"mean\": [103.9, 116.8, 123.7], \"std\": [1, 1, 1], \"rescale_factor\": 1, \"channel_order\": \"bgr\"}");
        var toOpenClip = Run("convert", caffe, "--to", "openclip");
        Assert.Equal(1, toOpenClip.Code);
        Assert.Contains("resize_size: 256x256 vs 224x224", toOpenClip.Err);
        Assert.Contains("rescale_factor: 1 vs", toOpenClip.Err);
        Assert.Contains("channel_order: Bgr vs Rgb", toOpenClip.Err);
    }

    [Fact]
    public void Preview_draws_both_configs_with_the_kept_region()
    {
        string output = Path.Combine(_dir, "preview.png");
        string photo = Path.Combine(Fixtures, "files", "jpeg_420_211x160.jpg");
        var (code, stdout, err) = Run("preview", "--config", Path.Combine(Fixtures, "file-configs", "oc_squash_nearest_48.json"), "--config", Path.Combine(Fixtures, "file-configs", "oc_shortest_bicubic_64.json"), photo, "--out", output);
        Assert.True(code == 0, err);
        Assert.Contains("row 1 (red outline)", stdout);
        Assert.Contains("keeps x 0..211, y 0..160 of the 211x160 image", stdout); // squash keeps everything
        Assert.Contains("keeps x 25..186, y 0..160 of the 211x160 image", stdout); // shortest side + crop drops the sides
        using var png = SixLabors.ImageSharp.Image.Load(output);
        Assert.True(png.Height > 2 * 320 && png.Width > 320);
    }

    [Fact]
    public void A_folder_becomes_one_nchw_tensor_with_its_file_list_and_matches_the_single_files()
    {
        string folder = Path.Combine(Fixtures, "files");
        string config = Path.Combine(Fixtures, "file-configs", "oc_shortest_bicubic_64.json");
        var (code, stdout, err) = Run("preprocess", "--config", config, "--out", _dir, "--threads", "2", folder);
        Assert.True(code == 0, err);
        Assert.Contains("[27, 3, 64, 64]", stdout);
        string[] list = File.ReadAllLines(Path.Combine(_dir, "files.files.txt"));
        Assert.Equal(27, list.Length);
        byte[] batch = File.ReadAllBytes(Path.Combine(_dir, "files.f32.npy"));
        int header = 10 + (batch[8] | (batch[9] << 8));
        Assert.Contains("'shape': (27, 3, 64, 64)", System.Text.Encoding.ASCII.GetString(batch, 10, header - 10));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "file-goldens", "oc_shortest_bicubic_64", "manifest.json")));
        var expected = manifest.RootElement.GetProperty("images").EnumerateArray().ToDictionary(e => e.GetProperty("image").GetString()!, e => e.GetProperty("f32_sha256").GetString()!);
        int per = 3 * 64 * 64 * 4;
        for (int i = 0; i < list.Length; i++)
        {
            string sha = Convert.ToHexString(SHA256.HashData(batch.AsSpan(header + i * per, per))).ToLowerInvariant();
            Assert.Equal(expected[Path.GetFileName(list[i])], sha);
        }
    }

    [Theory]
    [InlineData("preprocess")]
    [InlineData("embed")]
    [InlineData("inspect")]
    [InlineData("validate")]
    [InlineData("explain")]
    [InlineData("convert")]
    [InlineData("preview")]
    public void Every_command_has_help(string command)
    {
        var (code, stdout, _) = Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:", stdout);
        Assert.Contains(command, stdout);
    }
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection
{
}

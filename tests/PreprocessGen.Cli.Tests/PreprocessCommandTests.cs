using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit;

namespace PreprocessGen.Cli.Tests;

/// <summary>The <c>preprocess</c> command end to end: its .npy files are byte-identical to the oracle's (numpy's np.save).</summary>
[Collection("cli")]
public class PreprocessCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "ppg-cli-" + Guid.NewGuid().ToString("N"));
    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    private static (int Code, string Stderr) Run(params string[] args)
    {
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        try
        {
            return (Program.Main(args), err.ToString());
        }
        finally
        {
            Console.SetError(old);
        }
    }

    [Theory]
    [InlineData("oc_shortest_bicubic_224", "landscape_640x480")]
    [InlineData("oc_longest_bicubic_224_fill128", "rgba_190x260")]
    [InlineData("hf_clip_224", "gray_211x173")]
    [InlineData("hf_siglip_224", "portrait_301x517")]
    public void Writes_the_oracles_exact_files(string config, string image)
    {
        var (code, stderr) = Run("preprocess", "--config", Path.Combine(Fixtures, "configs", config + ".json"), "--out", _out, "--save-u8",
            Path.Combine(Fixtures, "goldens", image + ".input.npy"));
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Fixtures, "goldens", config, image + ".f32.npy")), File.ReadAllBytes(Path.Combine(_out, image + ".input.f32.npy")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Fixtures, "goldens", config, image + ".u8.npy")), File.ReadAllBytes(Path.Combine(_out, image + ".input.u8.npy")));
    }

    [Fact]
    public void A_bad_input_gets_one_line_and_the_others_are_still_written()
    {
        Directory.CreateDirectory(_out);
        string bad = Path.Combine(_out, "bad.npy");
        File.WriteAllBytes(bad, new byte[] { 0x93, (byte)'N', (byte)'U', 1, 2 });
        string good = Path.Combine(Fixtures, "goldens", "small_150x97.input.npy");
        var (code, stderr) = Run("preprocess", "--config", Path.Combine(Fixtures, "configs", "hf_clip_224.json"), "--out", _out, bad, good);
        Assert.Equal(1, code);
        string[] lines = stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(bad, lines[0]);
        Assert.Contains("not an NPY file", lines[0]);
        Assert.True(File.Exists(Path.Combine(_out, "small_150x97.input.f32.npy")));
        Assert.False(File.Exists(Path.Combine(_out, "small_150x97.input.u8.npy")));
    }

    [Fact]
    public void A_broken_config_prints_its_problem_and_fails()
    {
        Directory.CreateDirectory(_out);
        string cfg = Path.Combine(_out, "broken.preprocess.json");
        File.WriteAllText(cfg, "{\"image_size\": 224,\n \"mean\": [0.5, 0.5],\n \"std\": [0.5, 0.5, 0.5]}");
        var (code, stderr) = Run("preprocess", "--config", cfg, "--out", _out, Path.Combine(Fixtures, "goldens", "small_150x97.input.npy"));
        Assert.Equal(2, code);
        Assert.Contains($"{cfg}(2,10): error PPG0003:", stderr);
    }

    [Fact]
    public void Wrong_pixel_shape_is_named()
    {
        Directory.CreateDirectory(_out);
        string odd = Path.Combine(_out, "two.npy");
        PreprocessGen.Runtime.NpyFile.WriteUInt8(odd, new byte[8], 2, 2, 2);
        var (code, stderr) = Run("preprocess", "--config", Path.Combine(Fixtures, "configs", "hf_clip_224.json"), "--out", _out, odd);
        Assert.Equal(1, code);
        Assert.Contains("shape (2, 2, 2) is not [H, W], [H, W, 3] or [H, W, 4]", stderr);
    }

    [Theory]
    [InlineData("oc_shortest_bicubic_64")]
    [InlineData("oc_longest_bicubic_56x72_fill200")]
    [InlineData("hf_siglip_lanczos_64")]
    [InlineData("timm_center_09_bicubic_64")]
    public void Image_files_give_Pillows_exact_tensors(string config)
    {
        string[] files = Directory.GetFiles(Path.Combine(Fixtures, "files")).OrderBy(f => f).ToArray();
        var (code, stderr) = Run(new[] { "preprocess", "--config", Path.Combine(Fixtures, "file-configs", config + ".json"), "--out", _out, "--save-u8" }.Concat(files).ToArray());
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "file-goldens", config, "manifest.json")));
        int checkedFiles = 0;
        foreach (var entry in manifest.RootElement.GetProperty("images").EnumerateArray())
        {
            string stem = entry.GetProperty("stem").GetString()!;
            byte[] f32 = File.ReadAllBytes(Path.Combine(_out, stem + ".f32.npy"));
            Assert.Equal(0x93, f32[0]);
            int headerEnd = 10 + (f32[8] | (f32[9] << 8));
            Assert.Contains("'descr': '<f4'", System.Text.Encoding.ASCII.GetString(f32, 10, headerEnd - 10));
            string sha = Convert.ToHexString(SHA256.HashData(f32.AsSpan(headerEnd))).ToLowerInvariant();
            Assert.True(entry.GetProperty("f32_sha256").GetString() == sha, $"{stem}: float32 tensor differs from the oracle's");
            byte[] u8 = File.ReadAllBytes(Path.Combine(_out, stem + ".u8.npy"));
            Assert.Equal(File.ReadAllBytes(Path.Combine(Fixtures, "file-goldens", config, stem + ".u8.npy")), u8);
            checkedFiles++;
        }

        Assert.Equal(files.Length, checkedFiles);
    }

    [Fact]
    public void Bad_image_files_get_one_line_each_naming_file_and_reason_and_the_good_ones_are_written()
    {
        string bad = Path.Combine(Fixtures, "files", "bad");
        string good = Path.Combine(Fixtures, "files", "jpeg_420_211x160.jpg");
        string[] inputs = { Path.Combine(bad, "truncated.jpg"), Path.Combine(bad, "cmyk.jpg"), good, Path.Combine(bad, "not_an_image.png"), Path.Combine(bad, "missing.png") };
        var (code, stderr) = Run(new[] { "preprocess", "--config", Path.Combine(Fixtures, "file-configs", "oc_shortest_bicubic_64.json"), "--out", _out }.Concat(inputs).ToArray());
        Assert.Equal(1, code);
        string[] lines = stderr.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith(inputs[0] + ": truncated", lines[0]);
        Assert.StartsWith(inputs[1] + ": CMYK JPEG", lines[1]);
        Assert.StartsWith(inputs[3] + ": not a PNG, JPEG", lines[2]);
        Assert.StartsWith(inputs[4] + ": file not found", lines[3]);
        Assert.True(File.Exists(Path.Combine(_out, "jpeg_420_211x160.f32.npy")));
        Assert.Equal(new[] { "jpeg_420_211x160.f32.npy" }, Directory.GetFiles(_out).Select(Path.GetFileName).ToArray());
    }

    [Fact]
    public void An_input_the_reference_rejects_is_named_and_the_rest_written()
    {
        string gray = Path.Combine(Fixtures, "files", "png_l_97x143.png");
        string rgb = Path.Combine(Fixtures, "files", "png_rgb_134x128.png");
        var (code, stderr) = Run("preprocess", "--config", Path.Combine(Fixtures, "file-configs", "hf_clip_hamming_50_no_rgb.json"), "--out", _out, gray, rgb);
        Assert.Equal(1, code);
        Assert.StartsWith(gray + ": a L image needs do_convert_rgb", stderr.Trim());
        Assert.True(File.Exists(Path.Combine(_out, "png_rgb_134x128.f32.npy")));
    }

    [Fact]
    public void Two_inputs_with_one_stem_do_not_overwrite_each_other()
    {
        Directory.CreateDirectory(_out);
        string a = Path.Combine(Fixtures, "files", "png_rgb_1x1.png");
        string copyDir = Path.Combine(_out, "other");
        Directory.CreateDirectory(copyDir);
        string b = Path.Combine(copyDir, "png_rgb_1x1.png");
        File.Copy(Path.Combine(Fixtures, "files", "png_p4_79x60.png"), b);
        var (code, stderr) = Run("preprocess", "--config", Path.Combine(Fixtures, "file-configs", "oc_shortest_bicubic_64.json"), "--out", _out, a, b);
        Assert.Equal(1, code);
        Assert.StartsWith(b + ": has the same stem as " + a, stderr.Trim());
    }
}

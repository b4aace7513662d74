using System;
using System.IO;
using Xunit;

namespace PreprocessGen.Cli.Tests;

/// <summary>The <c>preprocess</c> command end to end: its .npy files are byte-identical to the oracle's (numpy's np.save).</summary>
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
}

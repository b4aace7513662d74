using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using PreprocessGen.Config;
using PreprocessGen.Runtime.Onnx;
using Xunit;

namespace PreprocessGen.Onnx.Tests;

/// <summary>Self-describing checkpoints: metadata written without re-serializing, the embed and inspect commands.</summary>
[Collection("console")]
public sealed class EmbedInspectTests : IDisposable
{
    // Nested one level, so that the resolver's look at the parent folder sees only what the test puts there.
    private readonly string _top = Path.Combine(Path.GetTempPath(), "ppg-embed-" + Guid.NewGuid().ToString("N"));
    private string _dir => Path.Combine(_top, "work");

    public EmbedInspectTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        if (Directory.Exists(_top)) Directory.Delete(_top, recursive: true);
    }

    private string P(string name) => Path.Combine(_dir, name);

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    internal static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            return (PreprocessGen.Cli.Program.Main(args), o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private string Config(string name, int size, string extra = "")
    {
        string path = P(name);
        File.WriteAllText(path, $"{{\"image_size\": {size}, \"resize_mode\": \"squash\", \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]{extra}}}");
        return path;
    }

    [Fact]
    public void Metadata_round_trips_keeping_every_other_entry_and_replacing_our_key()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 8, 8 }, metadata: new Dictionary<string, string> { ["author"] = "me", [OnnxModelFile.PreprocessMetadataKey] = "old" });
        string before = Hash(model);
        OnnxModelFile.WriteMetadata(model, P("out.onnx"), OnnxModelFile.PreprocessMetadataKey, "new value");
        Assert.Equal(before, Hash(model));
        var entries = OnnxModelFile.ReadMetadata(P("out.onnx"));
        Assert.Equal(new[] { "author", OnnxModelFile.PreprocessMetadataKey }, entries.Select(e => e.Key));
        Assert.Equal("new value", OnnxModelFile.ReadMetadata(P("out.onnx"), OnnxModelFile.PreprocessMetadataKey));
        Assert.Equal(new FileInfo(model).Length - "old".Length + "new value".Length, new FileInfo(P("out.onnx")).Length);

        OnnxModelFile.WriteMetadata(P("out.onnx"), P("out.onnx"), "author", "you");
        Assert.Equal("you", OnnxModelFile.ReadMetadata(P("out.onnx"), "author"));
        Assert.Equal("new value", OnnxModelFile.ReadMetadata(P("out.onnx"), OnnxModelFile.PreprocessMetadataKey));
        Assert.Equal(new[] { "m.onnx", "out.onnx" }, Directory.GetFiles(_dir).Select(Path.GetFileName).OrderBy(n => n));
    }

    [Fact]
    public void Broken_model_files_are_refused_naming_the_file_and_nothing_is_written()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 8, 8 });
        byte[] bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(P("cut.onnx"), bytes.AsSpan(0, bytes.Length - 5).ToArray());
        File.WriteAllBytes(P("empty.onnx"), Array.Empty<byte>());
        File.WriteAllText(P("text.onnx"), "not a model at all");
        foreach (string bad in new[] { "cut.onnx", "empty.onnx", "text.onnx" })
        {
            var ex = Assert.Throws<InvalidDataException>(() => OnnxModelFile.WriteMetadata(P(bad), P("x.onnx"), "k", "v"));
            Assert.StartsWith(P(bad) + ":", ex.Message);
            Assert.False(File.Exists(P("x.onnx")));
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        Assert.Empty(Directory.GetFiles(_dir, ".*"));
    }

    [Fact]
    public void Embed_writes_a_new_self_describing_file_that_gives_the_same_outputs()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { "n", 3, 16, 16 });
        string config = Config("c.preprocess.json", 16);
        string before = Hash(model);
        var (code, stdout, stderr) = Cli("embed", "--model", model, "--config", config, "--out", P("described.onnx"));
        Assert.True(code == 0, stderr);
        Assert.Contains("preprocessing embedded", stdout);
        Assert.Equal(before, Hash(model));

        var spec = PreprocessConfig.Load(config).Spec!;
        using var described = PreprocessedSession.Load(P("described.onnx"));
        using var original = PreprocessedSession.Load(model, preprocess: spec);
        Assert.Equal(PreprocessSource.Metadata, described.PreprocessSource);
        string photo = Path.Combine(SessionTests.Photos, "rocket-a.jpg");
        Assert.Equal(Assert.Single(original.Run(photo)).Values, Assert.Single(described.Run(photo)).Values);
    }

    [Fact]
    public void Embed_refuses_what_would_lose_or_corrupt_a_file()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 16, 16 });
        string before = Hash(model);
        File.WriteAllText(P("existing.onnx"), "keep me");

        Assert.Equal(2, Cli("embed", "--model", model, "--config", Config("c.json", 16), "--out", P("existing.onnx")).Code);
        Assert.Equal("keep me", File.ReadAllText(P("existing.onnx")));
        var same = Cli("embed", "--model", model, "--config", Config("c.json", 16), "--out", model);
        Assert.Equal(2, same.Code);
        Assert.Contains("--in-place", same.Err);

        var mismatch = Cli("embed", "--model", model, "--config", Config("big.json", 224), "--out", P("new.onnx"));
        Assert.Equal(1, mismatch.Code);
        Assert.Contains("produces 224x224", mismatch.Err);
        Assert.False(File.Exists(P("new.onnx")));

        var broken = Cli("embed", "--model", model, "--config", Config("broken.json", 16, ", \"interpolation\": \"cubic\""), "--out", P("new.onnx"));
        Assert.Equal(2, broken.Code);
        Assert.Contains("PPG0003", broken.Err);
        Assert.Equal(before, Hash(model));
        Assert.False(File.Exists(P("new.onnx")));
    }

    [Fact]
    public void Embed_in_place_replaces_the_model_atomically()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 16, 16 });
        var (code, _, err) = Cli("embed", "--model", model, "--config", Config("c.json", 16), "--in-place");
        Assert.True(code == 0, err);
        Assert.NotNull(OnnxModelFile.ReadMetadata(model, OnnxModelFile.PreprocessMetadataKey));
        Assert.Equal(new[] { "c.json", "m.onnx" }, Directory.GetFiles(_dir).Select(Path.GetFileName).OrderBy(n => n));
    }

    [Fact]
    public void Inspect_shows_inputs_outputs_metadata_and_where_the_preprocessing_came_from()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { "batch", 3, 16, 16 }, metadata: new Dictionary<string, string> { ["producer"] = "tests" });
        var none = Cli("inspect", model);
        Assert.Equal(1, none.Code);
        Assert.Contains("input  pixel_values: float [batch, 3, 16, 16]", none.Out);
        Assert.Contains("output embedding: float [batch, 3]", none.Out);
        Assert.Contains("metadata producer = tests", none.Out);
        Assert.Contains("preprocessing: unresolved", none.Out);
        Assert.Contains("no preprocessing found", none.Err);

        Assert.Equal(0, Cli("embed", "--model", model, "--config", Config("c.json", 16), "--in-place").Code);
        var described = Cli("inspect", _dir);
        Assert.Equal(0, described.Code);
        Assert.Contains($"metadata {OnnxModelFile.PreprocessMetadataKey} = {{", described.Out);
        Assert.Contains("preprocessing: openclip: resize to 16x16 bicubic", described.Out);
        Assert.Contains("from: metadata", described.Out);
    }

    [Fact]
    public void Embed_and_inspect_round_trip_on_the_real_ResNet18()
    {
        string output = P("resnet18.onnx");
        var (code, _, err) = Cli("embed", "--model", ResNet18Tests.ResNet, "--config", ResNet18Tests.ConfigPath, "--out", output);
        Assert.True(code == 0, err);
        var inspect = Cli("inspect", output);
        Assert.Equal(0, inspect.Code);
        Assert.Contains("input  Input247: float [1, 3, 224, 224]", inspect.Out);
        Assert.Contains("subtract the mean image", inspect.Out);
        using var described = PreprocessedSession.Load(output);
        using var original = PreprocessedSession.Load(ResNet18Tests.ResNet, preprocess: ResNet18Tests.Spec());
        foreach (string photo in ResNet18Tests.PhotoFiles().Skip(6).Take(2))
            Assert.Equal(Assert.Single(original.Run(photo)).Values, Assert.Single(described.Run(photo)).Values);
    }
}

[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection
{
}

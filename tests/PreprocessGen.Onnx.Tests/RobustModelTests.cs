using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using PreprocessGen.Runtime.Onnx;
using Xunit;

namespace PreprocessGen.Onnx.Tests;

/// <summary>Hostile models and failures in the middle of writing: clear errors, and the user's files intact.</summary>
[Collection("console")]
public sealed class RobustModelTests : IDisposable
{
    private readonly string _top = Directory.CreateTempSubdirectory("ppg-robust-").FullName;
    private string Dir => Path.Combine(_top, "work");

    public void Dispose() => Directory.Delete(_top, recursive: true);

    private string P(string name) => Path.Combine(Dir, name);

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Metadata_holding_invalid_json_is_an_error_naming_the_model_and_the_problem()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 8, 8 }, metadata: new Dictionary<string, string> { [OnnxModelFile.PreprocessMetadataKey] = "{\"image_size\": 8, \"mean\": [0.5, 0.5" });
        var ex = Assert.Throws<InvalidDataException>(() => PreprocessedSession.Load(model));
        Assert.StartsWith(model + ": the 'preprocessgen.preprocess' metadata is not a valid preprocess config", ex.Message);
        Assert.Contains("PPG0001", ex.Message);
    }

    [Fact]
    public void A_failure_in_the_middle_of_a_write_leaves_the_destination_and_the_source_as_they_were()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 8, 8 });
        byte[] bytes = File.ReadAllBytes(model);
        string cut = P("cut.onnx");
        File.WriteAllBytes(cut, bytes.AsSpan(0, bytes.Length - 3).ToArray()); // the graph field ends past the file
        string existing = P("existing.onnx");
        File.WriteAllText(existing, "the user's previous file");
        string cutHash = Hash(cut);
        Assert.Throws<InvalidDataException>(() => OnnxModelFile.WriteMetadata(cut, existing, "k", "v"));
        Assert.Equal("the user's previous file", File.ReadAllText(existing));
        Assert.Equal(cutHash, Hash(cut));
        Assert.Throws<InvalidDataException>(() => OnnxModelFile.WriteMetadata(cut, cut, "k", "v")); // in place
        Assert.Equal(cutHash, Hash(cut));
        Assert.Empty(Directory.GetFiles(Dir, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(Dir, ".*")));
    }

    [Fact]
    public void An_unwritable_destination_fails_before_touching_anything()
    {
        string model = TinyModel.Write(P("m.onnx"), new object[] { 1, 3, 8, 8 });
        string hash = Hash(model);
        File.WriteAllText(P("a-file"), "x");
        // The destination's folder is a file: creating it fails.
        Assert.ThrowsAny<IOException>(() => OnnxModelFile.WriteMetadata(model, Path.Combine(P("a-file"), "out.onnx"), "k", "v"));
        Assert.Equal(hash, Hash(model));
        Assert.Equal("x", File.ReadAllText(P("a-file")));
        var (code, _, err) = EmbedInspectTests.Cli("embed", "--model", model, "--config", WriteConfig(), "--out", Path.Combine(P("a-file"), "out.onnx"));
        Assert.NotEqual(0, code);
        Assert.Contains("a-file", err);
        Assert.Equal(hash, Hash(model));
    }

    private string WriteConfig()
    {
        string path = P("c.preprocess.json");
        File.WriteAllText(path, "{\"image_size\": 8, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}");
        return path;
    }
}

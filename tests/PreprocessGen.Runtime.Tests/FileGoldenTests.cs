using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using PreprocessGen.Config;
using PreprocessGen.Runtime.Imaging;
using Xunit;

namespace PreprocessGen.Runtime.Tests;

/// <summary>
/// End to end from image files: our decoders and pipeline against the reference oracle, which opened the same files
/// with Pillow (Fixtures/make_file_goldens.sh). The uint8 stage must match byte for byte and the float32 tensor bit
/// for bit (its SHA-256, as the oracle recorded it); inputs the reference rejects must be rejected.
/// </summary>
public class FileGoldenTests
{
    private static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static IEnumerable<object[]> Cases()
    {
        foreach (string cfg in Directory.GetFiles(Path.Combine(Dir, "file-configs"), "*.json").OrderBy(f => f))
            foreach (string file in Directory.GetFiles(Path.Combine(Dir, "files")).OrderBy(f => f))
                yield return new object[] { Path.GetFileNameWithoutExtension(cfg), Path.GetFileName(file) };
    }

    [Fact]
    public void Every_config_and_file_is_a_case_and_has_a_golden_record()
    {
        Assert.Equal(13 * 27, Cases().Count());
        foreach (var c in Cases())
        {
            var manifest = Manifest((string)c[0]);
            Assert.True(manifest.Images.ContainsKey((string)c[1]) || manifest.Errors.Contains((string)c[1]), $"{c[0]}/{c[1]} has no golden");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_bytes_and_bits_as_Pillow_from_the_file(string config, string file)
    {
        var parsed = PreprocessConfig.Load(Path.Combine(Dir, "file-configs", config + ".json"));
        Assert.True(parsed.Success, string.Join("\n", parsed.Problems));
        var spec = parsed.Spec!;
        var pipeline = new PreprocessPipeline(spec);
        var image = ImageDecoder.Load(Path.Combine(Dir, "files", file));
        var manifest = Manifest(config);
        var bytes = new byte[spec.Width * spec.Height * 3];

        string path = Path.Combine(Dir, "files", file);
        if (manifest.Errors.Contains(file))
        {
            Assert.Throws<NotSupportedException>(() => pipeline.RunToBytes(image.AsPixelBuffer(), bytes));
            Assert.Throws<NotSupportedException>(() => pipeline.RunFile(path, new float[pipeline.OutputLength]));
            return;
        }

        var (u8, shape) = Npy.ReadU8(Path.Combine(Dir, "file-goldens", config, Path.GetFileNameWithoutExtension(file) + ".u8.npy"));
        Assert.Equal(new[] { spec.Height, spec.Width, 3 }, shape);
        pipeline.RunToBytes(image.AsPixelBuffer(), bytes);
        int differing = 0;
        for (int i = 0; i < u8.Length; i++) if (bytes[i] != u8[i]) differing++;
        Assert.True(differing == 0, $"{differing} of {u8.Length} bytes differ ({image})");

        var tensor = new float[pipeline.OutputLength];
        pipeline.Run(image.AsPixelBuffer(), tensor);
        string sha = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(tensor.AsSpan()))).ToLowerInvariant();
        Assert.Equal(manifest.Images[file], sha);

        // From the file straight to the tensor (pooled decode buffers): the same bits.
        var fromFile = new float[pipeline.OutputLength];
        pipeline.RunFile(path, fromFile);
        Assert.Equal(manifest.Images[file], Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(fromFile.AsSpan()))).ToLowerInvariant());
    }

    private sealed record GoldenManifest(Dictionary<string, string> Images, HashSet<string> Errors);

    private static readonly Dictionary<string, GoldenManifest> Cache = new();

    private static GoldenManifest Manifest(string config)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(config, out var m)) return m;
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "file-goldens", config, "manifest.json")));
            var images = doc.RootElement.GetProperty("images").EnumerateArray()
                .ToDictionary(e => e.GetProperty("image").GetString()!, e => e.GetProperty("f32_sha256").GetString()!);
            var errors = doc.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("image").GetString()!).ToHashSet();
            return Cache[config] = new GoldenManifest(images, errors);
        }
    }
}

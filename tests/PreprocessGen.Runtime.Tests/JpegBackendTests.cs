using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using PreprocessGen.Runtime.Imaging;
using Xunit;

namespace PreprocessGen.Runtime.Tests;

/// <summary>
/// Both JPEG backends (SkiaSharp's libjpeg-turbo and the system TurboJPEG library) against Pillow's decoded bytes
/// (Fixtures/jpeg-pixels.json, written by make_jpeg_pixel_goldens.py), on the fixtures, the sample photos and the
/// benchmark photo; and the same refusals for damaged files. Where no TurboJPEG library is installed, asking for it
/// must fail with the install hint instead.
/// </summary>
public class JpegBackendTests
{
    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static readonly JpegBackend[] Backends = { JpegBackend.Auto, JpegBackend.SkiaSharp, JpegBackend.TurboJpeg };

    private static readonly Dictionary<string, string> Folders = new()
    {
        ["files"] = Path.Combine(Fixtures, "files"),
        ["extra"] = Path.Combine(Fixtures, "extra"),
        ["photos"] = Path.Combine(Fixtures, "photos"),
        ["bench"] = Path.Combine(Fixtures, "bench"),
    };

    private sealed record Golden(string Group, string File, string Mode, int Width, int Height, string Sha256);

    private static readonly Lazy<List<Golden>> Goldens = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "jpeg-pixels.json")));
        return doc.RootElement.GetProperty("images").EnumerateArray().Select(e => new Golden(
            e.GetProperty("group").GetString()!, e.GetProperty("file").GetString()!, e.GetProperty("mode").GetString()!,
            e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(), e.GetProperty("sha256").GetString()!)).ToList();
    });

    public static IEnumerable<object[]> Cases() =>
        from g in Goldens.Value from b in Backends select new object[] { g.Group, g.File, b };

    [Fact]
    public void Every_jpeg_the_tests_and_samples_use_has_a_pillow_golden()
    {
        foreach (var (group, folder) in Folders)
            foreach (string file in Directory.GetFiles(folder, "*.jpg"))
                Assert.Contains(Goldens.Value, g => g.Group == group && g.File == Path.GetFileName(file));
        Assert.True(Goldens.Value.Count >= 26);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_backend_gives_pillows_bytes(string group, string file, JpegBackend backend)
    {
        var golden = Goldens.Value.Single(g => g.Group == group && g.File == file);
        string path = Path.Combine(Folders[group], file);
        var options = new ImageDecodeOptions { JpegBackend = backend };
        if (backend == JpegBackend.TurboJpeg && !ImageDecoder.TurboJpegAvailable)
        {
            var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Load(path, options));
            Assert.Contains("apt install libturbojpeg0", ex.Message);
            return;
        }

        var image = ImageDecoder.Load(path, options);
        Assert.Equal((golden.Mode, golden.Width, golden.Height), (image.Format.ModeName(), image.Width, image.Height));
        Assert.Equal(golden.Sha256, Convert.ToHexString(SHA256.HashData(image.Pixels)).ToLowerInvariant());
        bool turbo = backend == JpegBackend.TurboJpeg || (backend == JpegBackend.Auto && ImageDecoder.TurboJpegAvailable);
        Assert.Equal(turbo, image.Decoder.StartsWith("libturbojpeg", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(JpegBackend.SkiaSharp)]
    [InlineData(JpegBackend.TurboJpeg)]
    public void Every_truncation_is_refused_by_each_backend(JpegBackend backend)
    {
        if (backend == JpegBackend.TurboJpeg && !ImageDecoder.TurboJpegAvailable) return; // covered by the install-hint cases
        var options = new ImageDecodeOptions { JpegBackend = backend };
        foreach (string file in new[] { "files/jpeg_tiny_3x2.jpg", "files/jpeg_progressive_121x119.jpg", "files/jpeg_gray_160x107.jpg", "extra/restart_markers.jpg" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(Fixtures, file));
            // Every prefix of the tiny file; for the others, prefixes through the entropy-coded data.
            var lengths = bytes.Length < 2000 ? Enumerable.Range(0, bytes.Length) : Enumerable.Range(1, 40).Select(i => bytes.Length * i / 41);
            foreach (int n in lengths)
            {
                var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bytes.AsSpan(0, n), file, options));
                Assert.StartsWith(file + ": ", ex.Message);
            }
        }

        string truncated = Path.Combine(Fixtures, "files", "bad", "truncated.jpg");
        var refused = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Load(truncated, options));
        Assert.Contains("truncated JPEG", refused.Message);
        Assert.Contains("CMYK JPEG", Assert.Throws<ImageDecodeException>(() => ImageDecoder.Load(Path.Combine(Fixtures, "files", "bad", "cmyk.jpg"), options)).Message);
    }

    [Fact]
    public void The_end_marker_is_found_past_the_scans_and_only_in_whole_files()
    {
        foreach (var g in Goldens.Value)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(Folders[g.Group], g.File));
            Assert.True(TurboJpegFile.HasEndMarker(bytes), g.File);
            int eoi = bytes.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xD9 });
            Assert.False(TurboJpegFile.HasEndMarker(bytes.AsSpan(0, eoi + 1)), g.File);
            Assert.False(TurboJpegFile.HasEndMarker(bytes.AsSpan(0, bytes.Length / 2)), g.File);
        }
    }

    [Fact]
    public void TurboJpeg_decodes_the_same_bytes_from_many_threads()
    {
        if (!ImageDecoder.TurboJpegAvailable) return; // covered by the install-hint cases
        byte[] jpeg = File.ReadAllBytes(Path.Combine(Fixtures, "photos", "cat-a.jpg"));
        var options = new ImageDecodeOptions { JpegBackend = JpegBackend.TurboJpeg };
        string expected = Convert.ToHexString(SHA256.HashData(ImageDecoder.Decode(jpeg, "cat-a.jpg", new ImageDecodeOptions { JpegBackend = JpegBackend.SkiaSharp }).Pixels));
        var hashes = new string[64];
        Parallel.For(0, hashes.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => hashes[i] = Convert.ToHexString(SHA256.HashData(ImageDecoder.Decode(jpeg, "cat-a.jpg", options).Pixels)));
        Assert.All(hashes, h => Assert.Equal(expected, h));
    }

    [Theory]
    [InlineData(JpegBackend.Auto)]
    [InlineData(JpegBackend.SkiaSharp)]
    public void Pooled_decoding_of_many_different_jpegs_gives_each_ones_own_tensor(JpegBackend backend)
    {
        var options = new ImageDecodeOptions { JpegBackend = backend };
        // Images of different sizes through the same pool, largest first, so that a reused buffer is longer than the
        // image it receives: each tensor must still be the one its own decode gives.
        var pipeline = new PreprocessPipeline(new PreprocessGen.Config.PreprocessSpec());
        var files = Goldens.Value.OrderByDescending(g => g.Width * g.Height).Select(g => Path.Combine(Folders[g.Group], g.File)).ToList();
        var expected = files.Select(f => Hash(pipeline.Run(ImageDecoder.Load(f).AsPixelBuffer()))).ToList();
        for (int round = 0; round < 2; round++)
        {
            var actual = new string[files.Count];
            Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
            {
                var tensor = new float[pipeline.OutputLength];
                if (i % 2 == 0) pipeline.RunFile(files[i], tensor, options);
                else pipeline.RunEncoded(File.ReadAllBytes(files[i]), tensor, files[i], options);
                actual[i] = Hash(tensor);
            });
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(JpegBackend.TurboJpeg)]
    [InlineData(JpegBackend.SkiaSharp)]
    public void Running_from_jpeg_bytes_allocates_almost_nothing_per_image(JpegBackend backend)
    {
        if (backend == JpegBackend.TurboJpeg && !ImageDecoder.TurboJpegAvailable) return; // covered by the install-hint cases
        var options = new ImageDecodeOptions { JpegBackend = backend };
        var pipeline = new PreprocessPipeline(new PreprocessGen.Config.PreprocessSpec());
        byte[] jpeg = File.ReadAllBytes(Path.Combine(Fixtures, "bench", "forest-path.jpg"));
        var tensor = new float[pipeline.OutputLength];
        pipeline.RunEncoded(jpeg, tensor, "forest-path.jpg", options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++) pipeline.RunEncoded(jpeg, tensor, "forest-path.jpg", options);
        long perImage = (GC.GetAllocatedBytesForCurrentThread() - before) / 3;
        // A 2560x1600 photo is 12 MB of RGB; what is left per image is the small image object.
        Assert.True(perImage < 1024, $"{perImage} bytes allocated per image");
    }

    [Fact]
    public void Running_from_a_file_reports_missing_and_damaged_files_by_name()
    {
        var pipeline = new PreprocessPipeline(new PreprocessGen.Config.PreprocessSpec());
        var tensor = new float[pipeline.OutputLength];
        string missing = Path.Combine(Fixtures, "files", "no_such.jpg");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => pipeline.RunFile(missing, tensor)).Message);
        string truncated = Path.Combine(Fixtures, "files", "bad", "truncated.jpg");
        var ex = Assert.Throws<ImageDecodeException>(() => pipeline.RunFile(truncated, tensor));
        Assert.Equal(truncated, ex.FilePath);
        Assert.Contains("truncated JPEG", ex.Message);
        Assert.Throws<ArgumentException>(() => pipeline.RunFile(Path.Combine(Fixtures, "photos", "cat-a.jpg"), new float[10]));
        string empty = Path.Combine(Fixtures, "files", "bad", "empty.jpg");
        Assert.Contains("empty", Assert.Throws<ImageDecodeException>(() => pipeline.RunFile(empty, tensor)).Message);
        Assert.Contains("empty", Assert.Throws<ImageDecodeException>(() => pipeline.RunEncoded(ReadOnlySpan<byte>.Empty, tensor, "none.jpg")).Message);
        Assert.Throws<FileNotFoundException>(() => pipeline.RunFile(Path.Combine(Fixtures, "files"), tensor));
    }

    private static string Hash(float[] tensor) =>
        Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan())));

    [Fact]
    public void A_library_path_that_is_not_turbojpeg_is_not_used_and_the_reason_names_the_variable()
    {
        Assert.Null(TurboJpegFile.TryLoad("/no/such/dir/libturbojpeg.so.0", out string missing));
        Assert.Contains("PREPROCESSGEN_TURBOJPEG=/no/such/dir/libturbojpeg.so.0", missing);
        if (OperatingSystem.IsLinux())
        {
            // A real shared library without the TurboJPEG functions.
            Assert.Null(TurboJpegFile.TryLoad("libm.so.6", out string notTurbo));
            Assert.Contains("does not name a loadable TurboJPEG", notTurbo);
        }

        var ex = TurboJpegFile.Unavailable("photo.jpg", missing);
        Assert.Equal("photo.jpg", ex.FilePath);
        Assert.Contains("apt install libturbojpeg0", ex.Message);
        Assert.Contains("JpegBackend.SkiaSharp", ex.Message);
    }

    [Fact]
    public void The_library_search_finds_a_library_exactly_when_auto_uses_it()
    {
        var api = TurboJpegFile.TryLoad(Environment.GetEnvironmentVariable(TurboJpegFile.LibraryVariable), out string failure);
        Assert.Equal(ImageDecoder.TurboJpegAvailable, api is not null);
        Assert.Equal(api is null, failure.Length > 0);
    }

    [Fact]
    public void An_undefined_backend_value_is_an_argument_error()
    {
        byte[] jpeg = File.ReadAllBytes(Path.Combine(Fixtures, "files", "jpeg_tiny_3x2.jpg"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoder.Decode(jpeg, "x.jpg", new ImageDecodeOptions { JpegBackend = (JpegBackend)7 }));
    }
}

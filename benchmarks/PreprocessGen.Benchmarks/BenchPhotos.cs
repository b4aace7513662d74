using System;
using System.Collections.Concurrent;
using System.IO;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;
using SkiaSharp;

namespace PreprocessGen.Benchmarks;

/// <summary>
/// The benchmark inputs: one real photo (benchmarks/photos/forest-path.jpg, 2560x1600) brought to each size the way
/// <c>bench_pillow.py</c> makes its inputs (cover-scale with Pillow's LANCZOS, centre crop, JPEG quality 90, 4:2:0), so
/// the C# rows and the Pillow anchor work on the same picture. Set <c>PPG_BENCH_PHOTO</c> to use another photo, or
/// <c>PPG_BENCH_INPUTS</c> to a folder of <c>bench_WxH.jpg</c> files (run-anchor.sh passes the anchor's own files).
/// </summary>
internal static class BenchPhotos
{
    private static readonly ConcurrentDictionary<string, (byte[] Jpeg, DecodedImage Decoded)> Cache = new();

    public static string SourcePath =>
        Environment.GetEnvironmentVariable("PPG_BENCH_PHOTO") is { Length: > 0 } p ? p : Path.Combine(AppContext.BaseDirectory, "photos", "forest-path.jpg");

    public static (int Width, int Height) Parse(string size)
    {
        var parts = size.Split('x');
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }

    /// <summary>The JPEG bytes at <paramref name="size"/> (e.g. "1920x1080").</summary>
    public static byte[] Jpeg(string size) => Get(size).Jpeg;

    /// <summary>Those bytes decoded (Pillow-exact RGB).</summary>
    public static DecodedImage Decoded(string size) => Get(size).Decoded;

    private static (byte[] Jpeg, DecodedImage Decoded) Get(string size) => Cache.GetOrAdd(size, Make);

    private static (byte[] Jpeg, DecodedImage Decoded) Make(string size)
    {
        // The exact files the Pillow anchor decoded, when run-anchor.sh made them.
        if (Environment.GetEnvironmentVariable("PPG_BENCH_INPUTS") is { Length: > 0 } folder)
        {
            string file = Path.Combine(folder, $"bench_{size}.jpg");
            var bytes = File.ReadAllBytes(file);
            return (bytes, ImageDecoder.Decode(bytes, file));
        }

        var (w, h) = Parse(size);
        var src = ImageDecoder.Load(SourcePath);
        if (src.Format != PixelFormat.Rgb) throw new InvalidOperationException($"{SourcePath}: the benchmark photo must be an RGB image, not {src.Format}");
        double scale = Math.Max((double)w / src.Width, (double)h / src.Height);
        int rw = Math.Max(w, (int)Math.Round(src.Width * scale)), rh = Math.Max(h, (int)Math.Round(src.Height * scale));
        var resized = new byte[rw * rh * 3];
        PillowResampler.Resize(src.Pixels, src.Width, src.Height, 3, resized, rw, rh, Interpolation.Lanczos);
        int left = (rw - w) / 2, top = (rh - h) / 2;
        var rgba = new byte[w * h * 4];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int s = ((top + y) * rw + left + x) * 3, d = (y * w + x) * 4;
                rgba[d] = resized[s];
                rgba[d + 1] = resized[s + 1];
                rgba[d + 2] = resized[s + 2];
                rgba[d + 3] = 255;
            }

        using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();
        return (jpeg, ImageDecoder.Decode(jpeg, $"bench_{size}.jpg"));
    }
}

using System;
using System.IO;
using PreprocessGen.Runtime.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace PreprocessGen.Runtime.Tests;

/// <summary>The decoders: the mode each file opens in (as Pillow reports it), and a clear refusal for bad input.</summary>
public class DecoderTests
{
    private static string Files => Path.Combine(AppContext.BaseDirectory, "Fixtures", "files");

    [Theory]
    [InlineData("jpeg_420_211x160.jpg", "JPEG", PixelFormat.Rgb, 211, 160)]
    [InlineData("jpeg_gray_160x107.jpg", "JPEG", PixelFormat.L, 160, 107)]
    [InlineData("png_la_151x171.png", "PNG", PixelFormat.La, 151, 171)]
    [InlineData("png_rgba16_70x50.png", "PNG", PixelFormat.Rgba, 70, 50)]
    [InlineData("png_gray4_45x33.png", "PNG", PixelFormat.L, 45, 33)]
    [InlineData("png_p4_79x60.png", "PNG", PixelFormat.P, 79, 60)]
    [InlineData("png_bilevel_120x90.png", "PNG", PixelFormat.P, 120, 90)]
    [InlineData("gif_p64_140x110.gif", "GIF", PixelFormat.P, 140, 110)]
    [InlineData("bmp_rgb24_113x101.bmp", "BMP", PixelFormat.Rgb, 113, 101)]
    [InlineData("bmp_p8_101x90.bmp", "BMP", PixelFormat.P, 101, 90)]
    [InlineData("webp_lossless_rgba_100x90.webp", "WEBP", PixelFormat.Rgba, 100, 90)]
    [InlineData("webp_lossy_140x130.webp", "WEBP", PixelFormat.Rgb, 140, 130)]
    public void Files_open_in_Pillows_mode(string file, string kind, PixelFormat format, int width, int height)
    {
        var image = ImageDecoder.Load(Path.Combine(Files, file));
        Assert.Equal((kind, format, width, height), (image.SourceFormat, image.Format, image.Width, image.Height));
        Assert.Equal(width * height * format.BytesPerPixel(), image.Pixels.Length);
        if (format == PixelFormat.P) Assert.InRange(image.Palette.Length, 3, 768);
    }

    [Fact]
    public void A_short_png_palette_is_kept_as_written()
    {
        var image = ImageDecoder.Load(Path.Combine(Files, "png_p4_79x60.png"));
        Assert.Equal(4 * 3, image.Palette.Length);
        foreach (byte index in image.Pixels) Assert.InRange(index, 0, 3);
    }

    [Theory]
    [InlineData("truncated.jpg", "truncated")]
    [InlineData("truncated.png", "truncated PNG")]
    [InlineData("not_an_image.png", "unrecognised signature")]
    [InlineData("empty.jpg", "empty")]
    [InlineData("cmyk.jpg", "CMYK JPEG")]
    [InlineData("gray16.png", "16-bit grayscale PNG")]
    public void Bad_files_are_refused_naming_the_file_and_the_problem(string file, string reason)
    {
        string path = Path.Combine(Files, "bad", file);
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Load(path));
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path + ": ", ex.Message);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_naming_it()
    {
        string path = Path.Combine(Files, "no_such_file.png");
        var ex = Assert.Throws<FileNotFoundException>(() => ImageDecoder.Load(path));
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData("jpeg_tiny_3x2.jpg", 0)]
    [InlineData("png_rgb_1x1.png", 0)]
    [InlineData("gif_p8_5x5.gif", 2)] // Pillow, too, opens the file without its last two bytes (terminator, trailer)
    [InlineData("bmp_bilevel_77x60.bmp", 0)]
    [InlineData("webp_lossy_140x130.webp", 0)]
    public void Every_truncation_of_a_file_is_refused_with_a_clear_message(string file, int pillowToleratesMissing)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Files, file));
        var decodedPrefixes = new System.Collections.Generic.List<int>();
        for (int n = 0; n < bytes.Length; n++)
        {
            try
            {
                ImageDecoder.Decode(bytes.AsSpan(0, n), file);
                if (n < bytes.Length - pillowToleratesMissing) decodedPrefixes.Add(n);
            }
            catch (ImageDecodeException ex)
            {
                Assert.StartsWith(file + ": ", ex.Message);
            }
        }

        Assert.True(decodedPrefixes.Count == 0, $"{file}: prefixes of {string.Join(", ", decodedPrefixes)} of {bytes.Length} bytes decoded without an error");
    }

    [Fact]
    public void ImageSharp_images_a_caller_holds_keep_their_mode()
    {
        using var rgba = new Image<Rgba32>(3, 2, new Rgba32(10, 20, 30, 40));
        var a = ImageDecoder.FromImageSharp(rgba);
        Assert.Equal((PixelFormat.Rgba, 3, 2), (a.Format, a.Width, a.Height));
        Assert.Equal(new byte[] { 10, 20, 30, 40 }, a.Pixels.Slice(0, 4).ToArray());

        using var gray = new Image<L8>(2, 2, new L8(77));
        Assert.Equal(PixelFormat.L, ImageDecoder.FromImageSharp(gray).Format);
        using var rgb = new Image<Rgb24>(2, 1, new Rgb24(1, 2, 3));
        Assert.Equal(new byte[] { 1, 2, 3, 1, 2, 3 }, ImageDecoder.FromImageSharp(rgb).Pixels.ToArray());
        using var bgr = new Image<Bgr24>(1, 1, new Bgr24(9, 8, 7));
        var converted = ImageDecoder.FromImageSharp(bgr);
        Assert.Equal(PixelFormat.Rgba, converted.Format);
        Assert.Equal(new byte[] { 9, 8, 7, 255 }, converted.Pixels.ToArray());
    }
}

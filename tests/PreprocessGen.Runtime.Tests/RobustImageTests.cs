using System;
using System.Buffers.Binary;
using System.IO;
using PreprocessGen.Config;
using PreprocessGen.Runtime.Imaging;
using Xunit;

namespace PreprocessGen.Runtime.Tests;

/// <summary>Hostile and unusual images: bombs, animation, EXIF orientation, fuzzed bytes.</summary>
public class RobustImageTests
{
    private static string Extra => Path.Combine(AppContext.BaseDirectory, "Fixtures", "extra");
    private static string Files => Path.Combine(AppContext.BaseDirectory, "Fixtures", "files");

    private static byte[] Rgb(DecodedImage image)
    {
        var rgb = new byte[image.Width * image.Height * 3];
        PixelConvert.ToRgb(image.Pixels, image.Width * image.Height, image.Format, image.Palette, rgb);
        return rgb;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    public void Exif_orientation_is_ignored_by_default_as_the_python_stacks_do_and_applied_on_request(int orientation)
    {
        string file = Path.Combine(Extra, $"exif_orientation_{orientation}.jpg");
        var (raw, rawShape) = Npy.ReadU8(Path.Combine(Extra, $"exif_orientation_{orientation}.raw.npy"));
        var (upright, uprightShape) = Npy.ReadU8(Path.Combine(Extra, $"exif_orientation_{orientation}.upright.npy"));
        var plain = ImageDecoder.Load(file);
        Assert.Equal((rawShape[1], rawShape[0]), (plain.Width, plain.Height));
        Assert.Equal(raw, Rgb(plain));
        var turned = ImageDecoder.Load(file, new ImageDecodeOptions { ApplyExifOrientation = true });
        Assert.Equal((uprightShape[1], uprightShape[0]), (turned.Width, turned.Height));
        Assert.Equal(upright, Rgb(turned)); // Pillow's ImageOps.exif_transpose, byte for byte
    }

    [Fact]
    public void An_animated_gif_gives_its_first_frame_as_Pillow_opens_it()
    {
        var image = ImageDecoder.Load(Path.Combine(Extra, "animated_2frames.gif"));
        var (frame0, _) = Npy.ReadU8(Path.Combine(Extra, "animated_2frames.frame0.npy"));
        Assert.Equal(PixelFormat.P, image.Format);
        Assert.Equal(frame0, Rgb(image));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("gif")]
    [InlineData("bmp")]
    [InlineData("jpeg")]
    public void A_decompression_bomb_is_refused_from_its_header_before_allocating(string kind)
    {
        byte[] bomb = kind switch
        {
            "png" => Png(100_000, 100_000),
            "gif" => Gif(65_535, 65_535),
            "bmp" => Bmp(60_000, 60_000),
            _ => Jpeg(65_000, 65_000),
        };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bomb, "bomb." + kind));
        Assert.Contains("above the limit of 178,956,970", ex.Message);
        Assert.Contains("ImageDecoder.MaxPixels", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Fuzzed_image_bytes_decode_or_fail_with_a_decode_exception_never_anything_else()
    {
        var rng = new Random(9);
        int n = Environment.GetEnvironmentVariable("PPG_FUZZ_LONG") == "1" ? 20000 : 1500;
        string[] seeds = { "jpeg_tiny_3x2.jpg", "png_rgb_1x1.png", "gif_p8_5x5.gif", "bmp_bilevel_77x60.bmp", "png_p4_79x60.png", "webp_lossy_140x130.webp", "png_la_151x171.png" };
        var spec = new PreprocessSpec { Width = 16, Height = 16, ResizeWidth = 16, ResizeHeight = 16 };
        var pipeline = new PreprocessPipeline(spec);
        var tensor = new float[pipeline.OutputLength];
        for (int i = 0; i < n; i++)
        {
            byte[] data = File.ReadAllBytes(Path.Combine(Files, seeds[i % seeds.Length]));
            int flips = rng.Next(1, 8);
            for (int f = 0; f < flips; f++) data[rng.Next(data.Length)] = (byte)rng.Next(256);
            if (rng.Next(4) == 0) Array.Resize(ref data, rng.Next(data.Length));
            try
            {
                var image = ImageDecoder.Decode(data, "fuzz");
                pipeline.Run(image.AsPixelBuffer(), tensor);
            }
            catch (ImageDecodeException ex)
            {
                Assert.StartsWith("fuzz: ", ex.Message);
            }
        }
    }

    private static byte[] Png(int w, int h)
    {
        var ms = new MemoryStream();
        ms.Write(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        void Chunk(string type, byte[] body)
        {
            var len = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(len, body.Length);
            ms.Write(len);
            ms.Write(System.Text.Encoding.ASCII.GetBytes(type));
            ms.Write(body);
            ms.Write(new byte[4]); // CRC is not reached: the size check comes first
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, w);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), h);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk("IHDR", ihdr);
        Chunk("IDAT", new byte[16]);
        Chunk("IEND", Array.Empty<byte>());
        return ms.ToArray();
    }

    private static byte[] Gif(int w, int h) =>
        new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', (byte)w, (byte)(w >> 8), (byte)h, (byte)(h >> 8), 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x2C, 0, 0, 0, 0, (byte)w, (byte)(w >> 8), (byte)h, (byte)(h >> 8), 0, 2, 2, 0x4C, 0x01, 0, 0x3B };

    private static byte[] Bmp(int w, int h)
    {
        var b = new byte[54 + 64];
        b[0] = (byte)'B';
        b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), h);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 24);
        return b;
    }

    private static byte[] Jpeg(int w, int h) =>
        new byte[] { 0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, (byte)(h >> 8), (byte)h, (byte)(w >> 8), (byte)w, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9 };
}

/// <summary>Tests that change process-wide decoder settings; their collection runs alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(GlobalDecoderSettings), DisableParallelization = true)]
public sealed class GlobalDecoderSettings
{
}

/// <summary>The process-wide pixel limit (<see cref="ImageDecoder.MaxPixels"/>).</summary>
[Collection(nameof(GlobalDecoderSettings))]
public class PixelLimitTests
{
    private static string Files => Path.Combine(AppContext.BaseDirectory, "Fixtures", "files");

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        long saved = ImageDecoder.MaxPixels;
        try
        {
            ImageDecoder.MaxPixels = 100;
            var ex = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Load(Path.Combine(Files, "png_rgb_134x128.png")));
            Assert.Contains("134x128 = 17,152 pixels, above the limit of 100", ex.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoder.MaxPixels = 0);
        }
        finally
        {
            ImageDecoder.MaxPixels = saved;
        }

        Assert.Equal(134, ImageDecoder.Load(Path.Combine(Files, "png_rgb_134x128.png")).Width);
    }
}

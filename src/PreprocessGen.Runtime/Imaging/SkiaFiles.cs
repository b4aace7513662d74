using System;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// JPEG and WebP through SkiaSharp, which decodes with libjpeg-turbo (islow DCT, fancy upsampling: Pillow's defaults)
/// and libwebp, so the pixels are Pillow's. No colour-space conversion is requested and no orientation applied.
/// </summary>
internal static class SkiaFiles
{
    private const string JpegDecoder = "SkiaSharp 3.119 (libjpeg-turbo)";
    private const string WebPDecoder = "SkiaSharp 3.119 (libwebp)";

    /// <summary>
    /// Checks the frame header (size limit, 8-bit precision, gray or three components) and decodes with
    /// <paramref name="backend"/>: both backends are libjpeg-turbo with Pillow's settings, so they give the same pixels.
    /// </summary>
    /// <remarks>With <paramref name="rent"/>, the TurboJPEG backend decodes into a rented array, returned in <paramref name="rented"/> (see <see cref="ImageDecoder.DecodeRented"/>).</remarks>
    public static DecodedImage DecodeJpeg(ReadOnlySpan<byte> data, string name, JpegBackend backend, bool rent, out byte[]? rented)
    {
        rented = null;
        var (width, height, components, precision) = JpegFrame(data, name);
        ImageDecoder.CheckPixelLimit(name, width, height);
        if (precision != 8) throw new ImageDecodeException(name, $"{precision}-bit JPEG: Pillow reads 8-bit JPEGs only");
        if (components is 1 or 3)
        {
            bool turbo = backend switch
            {
                JpegBackend.Auto => TurboJpegFile.IsAvailable,
                JpegBackend.TurboJpeg => TurboJpegFile.IsAvailable ? true : throw TurboJpegFile.Unavailable(name),
                JpegBackend.SkiaSharp => false,
                _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "not a JpegBackend value"),
            };
            if (turbo)
            {
                var image = TurboJpegFile.Decode(data, name, width, height, components, rent);
                if (rent) rented = image.Buffer;
                return image;
            }
        }

        switch (components)
        {
            case 1:
                return Decode(data, name, "JPEG", JpegDecoder, SKColorType.Gray8, PixelFormat.L, width, height, rent, out rented);
            case 3:
                return Decode(data, name, "JPEG", JpegDecoder, SKColorType.Rgba8888, PixelFormat.Rgb, width, height, rent, out rented);
            case 4:
                throw new ImageDecodeException(name, "CMYK JPEG: Pillow opens it as mode CMYK and the pipelines resize it in CMYK; convert it to an RGB JPEG first");
            default:
                throw new ImageDecodeException(name, $"JPEG with {components} colour components is not supported");
        }
    }

    public static DecodedImage DecodeWebP(ReadOnlySpan<byte> data, string name)
    {
        long riffSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(4));
        if (data.Length < 8 + riffSize) throw new ImageDecodeException(name, $"truncated WebP: the RIFF header announces {8 + riffSize} bytes, the file has {data.Length}");
        using var codec = Open(data, name, "WebP");
        var info = codec.Info;
        ImageDecoder.CheckPixelLimit(name, info.Width, info.Height);
        var format = info.AlphaType == SKAlphaType.Opaque ? PixelFormat.Rgb : PixelFormat.Rgba;
        return Decode(codec, name, "WEBP", WebPDecoder, SKColorType.Rgba8888, format, info.Width, info.Height, rent: false, out _);
    }

    private static DecodedImage Decode(ReadOnlySpan<byte> data, string name, string kind, string decoder, SKColorType colorType, PixelFormat format, int width, int height, bool rent, out byte[]? rented)
    {
        using var codec = Open(data, name, kind);
        if (codec.Info.Width != width || codec.Info.Height != height)
            throw new ImageDecodeException(name, $"the decoder reports {codec.Info.Width}x{codec.Info.Height}, the frame header {width}x{height}");
        return Decode(codec, name, kind, decoder, colorType, format, width, height, rent, out rented);
    }

    /// <remarks>
    /// The decoder's buffer is rented unless it becomes the image itself (RGBA, or tightly packed gray). With
    /// <paramref name="rent"/>, the image's own array is rented too and handed back in <paramref name="rented"/>.
    /// </remarks>
    private static DecodedImage Decode(SKCodec codec, string name, string kind, string decoder, SKColorType colorType, PixelFormat format, int width, int height, bool rent, out byte[]? rented)
    {
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        var alpha = format == PixelFormat.Rgba ? SKAlphaType.Unpremul : SKAlphaType.Opaque;
        var info = new SKImageInfo(width, height, colorType, alpha);
        bool keep = format == PixelFormat.Rgba || (colorType == SKColorType.Gray8 && info.RowBytes == width);
        var raw = keep && !rent ? new byte[info.BytesSize] : pool.Rent(info.BytesSize);
        byte[]? output = rent && !keep ? pool.Rent(width * height * format.BytesPerPixel()) : null;
        DecodedImage image;
        try
        {
            image = Finish(codec, name, kind, decoder, colorType, format, width, height, info, raw, output);
        }
        catch
        {
            if (rent || !keep) pool.Return(raw);
            if (output is not null) pool.Return(output);
            throw;
        }

        if (!keep) pool.Return(raw);
        rented = !rent ? null : keep ? raw : output;
        return image;
    }

    private static DecodedImage Finish(SKCodec codec, string name, string kind, string decoder, SKColorType colorType, PixelFormat format, int width, int height, SKImageInfo info, byte[] raw, byte[]? output)
    {
        var handle = GCHandle.Alloc(raw, GCHandleType.Pinned);
        SKCodecResult result;
        try
        {
            result = codec.GetPixels(info, handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }

        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                throw new ImageDecodeException(name, $"truncated {kind}: the data ends before the last row (Pillow raises 'image file is truncated')");
            default:
                throw new ImageDecodeException(name, $"corrupt {kind}: the decoder failed ({result})");
        }

        if (colorType == SKColorType.Gray8)
        {
            if (info.RowBytes == width) return new DecodedImage(raw, width, height, format, null, kind, decoder);
            var tight = output ?? new byte[width * height];
            for (int y = 0; y < height; y++) Array.Copy(raw, y * info.RowBytes, tight, y * width, width);
            return new DecodedImage(tight, width, height, format, null, kind, decoder);
        }

        if (format == PixelFormat.Rgba) return new DecodedImage(raw, width, height, format, null, kind, decoder);
        return new DecodedImage(ImageDecoder.FromRgba(raw, format, width * height, output), width, height, format, null, kind, decoder);
    }

    private static SKCodec Open(ReadOnlySpan<byte> data, string name, string kind)
    {
        using var sk = SKData.CreateCopy(data);
        var codec = SKCodec.Create(sk);
        if (codec is null) throw new ImageDecodeException(name, $"corrupt {kind}: the decoder cannot read the header");
        return codec;
    }

    /// <summary>The EXIF orientation Skia reads from a JPEG (TopLeft when there is none).</summary>
    internal static SKEncodedOrigin JpegOrigin(ReadOnlySpan<byte> data)
    {
        using var sk = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(sk);
        return codec?.EncodedOrigin ?? SKEncodedOrigin.TopLeft;
    }

    /// <summary>The first SOFn segment: size, component count, sample precision.</summary>
    internal static (int Width, int Height, int Components, int Precision) JpegFrame(ReadOnlySpan<byte> d, string name)
    {
        int pos = 2;
        while (pos + 4 <= d.Length)
        {
            if (d[pos] != 0xFF)
                throw new ImageDecodeException(name, $"corrupt JPEG: expected a marker at byte {pos}");
            byte marker = d[pos + 1];
            if (marker == 0xFF) { pos++; continue; }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { pos += 2; continue; }
            if (marker == 0xD9 || marker == 0xDA) break;
            int length = (d[pos + 2] << 8) | d[pos + 3];
            if (length < 2 || pos + 2 + length > d.Length) break;
            bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof)
            {
                if (length < 8) throw new ImageDecodeException(name, "corrupt JPEG: the frame header is too short");
                int precision = d[pos + 4];
                int height = (d[pos + 5] << 8) | d[pos + 6];
                int width = (d[pos + 7] << 8) | d[pos + 8];
                int components = d[pos + 9];
                if (width == 0 || height == 0) throw new ImageDecodeException(name, $"corrupt JPEG: frame size {width}x{height}");
                return (width, height, components, precision);
            }

            pos += 2 + length;
        }

        throw new ImageDecodeException(name, "truncated or corrupt JPEG: no frame header (SOF) before the image data");
    }
}

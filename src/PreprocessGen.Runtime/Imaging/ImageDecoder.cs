using System;
using System.Collections.Generic;
using System.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// Decodes image files into the pixels and mode Pillow would open them with. JPEG goes through libjpeg-turbo, the
/// library Pillow links: the system's TurboJPEG library when one is installed (SIMD, fastest), else the copy inside
/// SkiaSharp (see <see cref="JpegBackend"/>); WebP through SkiaSharp's libwebp; PNG, GIF and BMP through ImageSharp, whose lossless
/// decoders give Pillow's bytes, with the mode (L, LA, RGB, RGBA, P and its palette) read from the file's own header.
/// </summary>
/// <remarks>
/// Like the Python stacks, no EXIF orientation is applied and no ICC profile is converted. Inputs the Python stacks
/// would treat in another mode (CMYK JPEG, 16-bit grayscale PNG, GIF whose first frame does not cover the screen) are
/// refused with an <see cref="ImageDecodeException"/> rather than decoded differently.
/// </remarks>
public static class ImageDecoder
{
    private static long s_maxPixels = DefaultMaxPixels;

    /// <summary>The default pixel limit: Pillow's decompression-bomb error threshold (2 x 89,478,485 pixels).</summary>
    public const long DefaultMaxPixels = 178_956_970;

    /// <summary>
    /// Images whose header declares more pixels than this are refused before any pixel memory is allocated (a
    /// decompression bomb). Defaults to <see cref="DefaultMaxPixels"/>; raise it for trusted, very large files.
    /// </summary>
    public static long MaxPixels
    {
        get => System.Threading.Interlocked.Read(ref s_maxPixels);
        set
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(nameof(value), "the pixel limit must be positive");
            System.Threading.Interlocked.Exchange(ref s_maxPixels, value);
        }
    }

    /// <summary>
    /// True when the system's TurboJPEG library (libjpeg-turbo with its SIMD paths; Debian/Ubuntu package
    /// <c>libturbojpeg0</c>) is loadable, so <see cref="JpegBackend.Auto"/> decodes JPEG with it. The file it loads can
    /// be named in the environment variable <c>PREPROCESSGEN_TURBOJPEG</c>.
    /// </summary>
    public static bool TurboJpegAvailable => TurboJpegFile.IsAvailable;

    /// <summary>Throws when the declared size is above <see cref="MaxPixels"/>.</summary>
    internal static void CheckPixelLimit(string name, long width, long height)
    {
        long n = width * height, max = MaxPixels;
        if (n > max)
            throw new ImageDecodeException(name, $"the file declares {width}x{height} = {n:N0} pixels, above the limit of {max:N0} (ImageDecoder.MaxPixels); raise the limit if the file is trusted");
    }

    /// <summary>Decodes the image file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageDecodeException">The file is not a supported image, is corrupt or truncated, or is in a mode the Python stacks treat differently.</exception>
    public static DecodedImage Load(string path) => Load(path, null);

    /// <summary>Decodes the image file at <paramref name="path"/> with <paramref name="options"/> (null: the defaults, which match the Python stacks).</summary>
    public static DecodedImage Load(string path, ImageDecodeOptions? options)
    {
        var data = ReadFile(path, rent: false, out int length);
        return Decode(data.AsSpan(0, length), path, options);
    }

    /// <summary>
    /// The bytes of the file at <paramref name="path"/>: a new array, or with <paramref name="rent"/> an
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/> array (possibly longer) the caller returns.
    /// </summary>
    private static byte[] ReadFile(string path, bool rent, out int length)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        byte[]? data = null;
        try
        {
            if (!rent)
            {
                data = File.ReadAllBytes(path);
                length = data.Length;
                return data;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            long size = stream.Length;
            if (size > Array.MaxLength) throw new ImageDecodeException(path, $"the file is {size:N0} bytes, larger than an image file can be read into memory");
            data = System.Buffers.ArrayPool<byte>.Shared.Rent((int)size);
            length = stream.ReadAtLeast(data.AsSpan(0, (int)size), (int)size, throwOnEndOfStream: false);
            return data;
        }
        catch (Exception ex) when (ex is IOException and not ImageDecodeException or UnauthorizedAccessException)
        {
            if (rent && data is not null) System.Buffers.ArrayPool<byte>.Shared.Return(data);
            throw new ImageDecodeException(path, $"cannot read the file: {ex.Message}", ex);
        }
    }

    /// <summary>True when the file starts like a PNG, JPEG, GIF, BMP or WebP (by content, not extension).</summary>
    public static bool IsImageFile(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var head = new byte[12];
            int n = fs.Read(head, 0, head.Length);
            return Sniff(head.AsSpan(0, n)) != ImageKind.Unknown;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Decodes an image held in memory; <paramref name="name"/> names it in error messages.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not a supported image, are corrupt or truncated, or are in a mode the Python stacks treat differently.</exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> data, string name = "<memory>") => Decode(data, name, null);

    /// <summary>Decodes an image held in memory with <paramref name="options"/> (null: the defaults).</summary>
    public static DecodedImage Decode(ReadOnlySpan<byte> data, string name, ImageDecodeOptions? options) =>
        Decode(data, name, options, rent: false, out _);

    /// <summary>
    /// Decodes like <see cref="Decode(ReadOnlySpan{byte}, string, ImageDecodeOptions?)"/>, but where the decoder can
    /// (JPEG, with either backend, unless EXIF orientation is applied), into an <see cref="System.Buffers.ArrayPool{T}.Shared"/> array: the result's
    /// <see cref="RentedImage.Dispose"/> returns it, so decoding image after image reuses the same memory instead of
    /// faulting in fresh pages for each one.
    /// </summary>
    internal static RentedImage DecodeRented(ReadOnlySpan<byte> data, string name, ImageDecodeOptions? options)
    {
        var image = Decode(data, name, options, rent: true, out byte[]? rented);
        return new RentedImage(image, rented);
    }

    /// <summary>Reads the file at <paramref name="path"/> into a rented buffer and decodes it with <see cref="DecodeRented"/>.</summary>
    internal static RentedImage LoadRented(string path, ImageDecodeOptions? options)
    {
        var file = ReadFile(path, rent: true, out int length);
        try
        {
            return DecodeRented(file.AsSpan(0, length), path, options);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(file);
        }
    }

    private static DecodedImage Decode(ReadOnlySpan<byte> data, string name, ImageDecodeOptions? options, bool rent, out byte[]? rented)
    {
        rented = null;
        if (options is not null && !Enum.IsDefined(options.JpegBackend))
            throw new ArgumentOutOfRangeException(nameof(options), options.JpegBackend, "JpegBackend is not one of Auto, SkiaSharp, TurboJpeg");
        var kind = Sniff(data);
        try
        {
            var image = kind switch
            {
                ImageKind.Png => PngFile.Decode(data, name),
                ImageKind.Jpeg => SkiaFiles.DecodeJpeg(data, name, options?.JpegBackend ?? JpegBackend.Auto, rent && options?.ApplyExifOrientation != true, out rented),
                ImageKind.WebP => SkiaFiles.DecodeWebP(data, name),
                ImageKind.Gif => GifFile.Decode(data, name),
                ImageKind.Bmp => BmpFile.Decode(data, name),
                _ => throw new ImageDecodeException(name, data.Length == 0 ? "the file is empty" : "not a PNG, JPEG, GIF, BMP or WebP file (unrecognised signature)"),
            };
            if (options?.ApplyExifOrientation == true && kind == ImageKind.Jpeg) image = Orientation.Apply(image, SkiaFiles.JpegOrigin(data));
            return image;
        }
        catch (ImageDecodeException)
        {
            throw;
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidDataException or ArgumentException or IndexOutOfRangeException or NotSupportedException or OverflowException or InvalidOperationException)
        {
            throw new ImageDecodeException(name, $"corrupt {kind.ToString().ToUpperInvariant()} data: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // A decoder library failing on hostile bytes (e.g. a NullReferenceException inside it) is still a bad file.
            throw new ImageDecodeException(name, $"corrupt {kind.ToString().ToUpperInvariant()} data: the decoder failed ({ex.GetType().Name})", ex);
        }
    }

    /// <summary>
    /// Takes the pixels of an ImageSharp image a caller already holds: <see cref="Rgb24"/> as RGB, <see cref="Rgba32"/>
    /// as RGBA, <see cref="L8"/> as L, <see cref="La16"/> as LA. Other pixel types are converted to RGBA32 first.
    /// </summary>
    public static DecodedImage FromImageSharp<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (image is null) throw new ArgumentNullException(nameof(image));
        int n = image.Width * image.Height;
        switch (image)
        {
            case Image<Rgb24> rgb:
            {
                var px = new byte[n * 3];
                rgb.CopyPixelDataTo(px);
                return new DecodedImage(px, image.Width, image.Height, PixelFormat.Rgb, null, "ImageSharp", "ImageSharp");
            }

            case Image<L8> l:
            {
                var px = new byte[n];
                l.CopyPixelDataTo(px);
                return new DecodedImage(px, image.Width, image.Height, PixelFormat.L, null, "ImageSharp", "ImageSharp");
            }

            case Image<La16> la:
            {
                var px = new byte[n * 2];
                la.CopyPixelDataTo(px);
                return new DecodedImage(px, image.Width, image.Height, PixelFormat.La, null, "ImageSharp", "ImageSharp");
            }

            case Image<Rgba32> rgba:
            {
                var px = new byte[n * 4];
                rgba.CopyPixelDataTo(px);
                return new DecodedImage(px, image.Width, image.Height, PixelFormat.Rgba, null, "ImageSharp", "ImageSharp");
            }

            default:
            {
                using var copy = image.CloneAs<Rgba32>();
                return FromImageSharp(copy);
            }
        }
    }

    internal enum ImageKind
    {
        Unknown,
        Png,
        Jpeg,
        Gif,
        Bmp,
        WebP,
    }

    internal static ImageKind Sniff(ReadOnlySpan<byte> d)
    {
        if (d.Length >= 8 && d[0] == 0x89 && d[1] == (byte)'P' && d[2] == (byte)'N' && d[3] == (byte)'G' && d[4] == 0x0D && d[5] == 0x0A && d[6] == 0x1A && d[7] == 0x0A) return ImageKind.Png;
        if (d.Length >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return ImageKind.Jpeg;
        if (d.Length >= 6 && d[0] == (byte)'G' && d[1] == (byte)'I' && d[2] == (byte)'F' && d[3] == (byte)'8' && (d[4] == (byte)'7' || d[4] == (byte)'9') && d[5] == (byte)'a') return ImageKind.Gif;
        if (d.Length >= 2 && d[0] == (byte)'B' && d[1] == (byte)'M') return ImageKind.Bmp;
        if (d.Length >= 12 && d[0] == (byte)'R' && d[1] == (byte)'I' && d[2] == (byte)'F' && d[3] == (byte)'F' && d[8] == (byte)'W' && d[9] == (byte)'E' && d[10] == (byte)'B' && d[11] == (byte)'P') return ImageKind.WebP;
        return ImageKind.Unknown;
    }

    /// <summary>Decodes with ImageSharp to RGBA32 (8-bit sources: exact values).</summary>
    internal static byte[] ImageSharpRgba32(ReadOnlySpan<byte> data, int expectedWidth, int expectedHeight, string name)
    {
        CheckPixelLimit(name, expectedWidth, expectedHeight);
        // Only the first frame of an animated GIF is decoded (it is what Pillow opens).
        using var image = Sniff(data) == ImageKind.Gif
            ? Image.Load<Rgba32>(data, new SixLabors.ImageSharp.Formats.Gif.GifDecoder { DecodingMode = SixLabors.ImageSharp.Metadata.FrameDecodingMode.First })
            : Image.Load<Rgba32>(data);
        CheckSize(image.Width, image.Height, expectedWidth, expectedHeight, name);
        var px = new byte[image.Width * image.Height * 4];
        image.Frames.RootFrame.CopyPixelDataTo(px);
        return px;
    }

    /// <summary>Decodes with ImageSharp to RGBA64 and keeps the high byte of each sample, as Pillow's 16-bit unpackers do.</summary>
    internal static byte[] ImageSharpRgba64HighBytes(ReadOnlySpan<byte> data, int expectedWidth, int expectedHeight, string name)
    {
        CheckPixelLimit(name, expectedWidth, expectedHeight);
        using var image = Image.Load<Rgba64>(data);
        CheckSize(image.Width, image.Height, expectedWidth, expectedHeight, name);
        var wide = new Rgba64[image.Width * image.Height];
        image.Frames.RootFrame.CopyPixelDataTo(wide);
        var px = new byte[wide.Length * 4];
        for (int i = 0; i < wide.Length; i++)
        {
            px[4 * i] = (byte)(wide[i].R >> 8);
            px[4 * i + 1] = (byte)(wide[i].G >> 8);
            px[4 * i + 2] = (byte)(wide[i].B >> 8);
            px[4 * i + 3] = (byte)(wide[i].A >> 8);
        }

        return px;
    }

    private static void CheckSize(int w, int h, int ew, int eh, string name)
    {
        if (w != ew || h != eh) throw new ImageDecodeException(name, $"the decoder produced {w}x{h} pixels but the header says {ew}x{eh}");
    }

    /// <summary>Keeps channels of RGBA32 pixels: the gray (R), gray+alpha, RGB, or all four; into <paramref name="into"/> when given (RGB, LA, L).</summary>
    internal static byte[] FromRgba(byte[] rgba, PixelFormat format, int pixels = -1, byte[]? into = null)
    {
        int n = pixels >= 0 ? pixels : rgba.Length / 4;
        switch (format)
        {
            case PixelFormat.Rgba:
                return rgba.Length == n * 4 ? rgba : rgba.AsSpan(0, n * 4).ToArray();
            case PixelFormat.Rgb:
            {
                var o = into ?? new byte[n * 3];
                int i = 0;
                if (System.Runtime.Intrinsics.X86.Ssse3.IsSupported)
                    i = DropAlphaSsse3(rgba, o, n);
                for (; i < n; i++)
                {
                    o[3 * i] = rgba[4 * i];
                    o[3 * i + 1] = rgba[4 * i + 1];
                    o[3 * i + 2] = rgba[4 * i + 2];
                }

                return o;
            }

            case PixelFormat.La:
            {
                var o = into ?? new byte[n * 2];
                for (int i = 0; i < n; i++)
                {
                    o[2 * i] = rgba[4 * i];
                    o[2 * i + 1] = rgba[4 * i + 3];
                }

                return o;
            }

            case PixelFormat.L:
            {
                var o = into ?? new byte[n];
                for (int i = 0; i < n; i++) o[i] = rgba[4 * i];
                return o;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>RGBA to RGB four pixels per shuffle; returns how many pixels it converted (the rest is the caller's).</summary>
    private static unsafe int DropAlphaSsse3(byte[] rgba, byte[] rgb, int n)
    {
        var mask = System.Runtime.Intrinsics.Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
        int i = 0;
        fixed (byte* s = rgba)
        fixed (byte* d = rgb)
        {
            // Each store writes 16 bytes of which 12 are pixels, so stop while the 4 extra bytes still land inside.
            for (; i + 6 <= n; i += 4)
            {
                var v = System.Runtime.Intrinsics.X86.Sse2.LoadVector128(s + 4 * i);
                System.Runtime.Intrinsics.X86.Sse2.Store(d + 3 * i, System.Runtime.Intrinsics.X86.Ssse3.Shuffle(v, mask));
            }
        }

        return i;
    }

    /// <summary>
    /// Recovers palette indices from decoded colours: each RGBA value maps to the first palette entry with that colour
    /// and alpha (<paramref name="alpha"/>, 255 where absent); a fully transparent pixel whose colour the decoder did
    /// not keep maps to the first fully transparent entry.
    /// </summary>
    internal static byte[] ToIndices(byte[] rgba, ReadOnlySpan<byte> palette, ReadOnlySpan<byte> alpha, string name)
    {
        int entries = palette.Length / 3;
        var lookup = new Dictionary<uint, byte>(entries);
        int firstTransparent = -1;
        for (int i = entries - 1; i >= 0; i--)
        {
            byte a = i < alpha.Length ? alpha[i] : (byte)255;
            lookup[Pack(palette[3 * i], palette[3 * i + 1], palette[3 * i + 2], a)] = (byte)i;
            if (a == 0) firstTransparent = i;
        }

        int n = rgba.Length / 4;
        var indices = new byte[n];
        uint lastKey = uint.MaxValue;
        byte lastIndex = 0;
        for (int p = 0; p < n; p++)
        {
            uint key = Pack(rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2], rgba[4 * p + 3]);
            if (key != lastKey)
            {
                if (!lookup.TryGetValue(key, out lastIndex))
                {
                    if (rgba[4 * p + 3] == 0 && firstTransparent >= 0) lastIndex = (byte)firstTransparent;
                    else throw new ImageDecodeException(name, $"pixel {p % Math.Max(1, n)} decoded to a colour that is not in the palette");
                }

                lastKey = key;
            }

            indices[p] = lastIndex;
        }

        return indices;
    }

    private static uint Pack(byte r, byte g, byte b, byte a) => (uint)(r | (g << 8) | (b << 16) | (a << 24));

    /// <summary>The palette Pillow's bilevel mode "1" behaves as: 0 is black, every other value white.</summary>
    internal static byte[] BilevelPalette()
    {
        var p = new byte[256 * 3];
        for (int i = 3; i < p.Length; i++) p[i] = 255;
        return p;
    }

    /// <summary>True when entry i of the palette is (v(i), v(i), v(i)) for every i: Pillow then opens the file as L (or "1").</summary>
    internal static bool IsGrayRamp(ReadOnlySpan<byte> palette, Func<int, int> value)
    {
        for (int i = 0; i < palette.Length / 3; i++)
        {
            int v = value(i);
            if (palette[3 * i] != v || palette[3 * i + 1] != v || palette[3 * i + 2] != v) return false;
        }

        return true;
    }
}

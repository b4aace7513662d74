using System;
using System.Runtime.InteropServices;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// JPEG through the system's TurboJPEG library (libjpeg-turbo's own API, built with its SIMD paths): the library
/// Pillow links, with Pillow's settings (islow DCT, fancy upsampling), so the pixels are Pillow's, about twice as fast
/// as the SIMD-less libjpeg-turbo inside SkiaSharp.
/// </summary>
internal static unsafe class TurboJpegFile
{
    /// <summary>The environment variable that names the TurboJPEG library file to load instead of the usual names.</summary>
    public const string LibraryVariable = "PREPROCESSGEN_TURBOJPEG";

    private const int PixelFormatRgb = 0, PixelFormatGray = 6; // TJPF_RGB, TJPF_GRAY
    private const int ErrorWarning = 0; // TJERR_WARNING

    private static readonly Lazy<Api?> s_api = new(Load, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
    private static string s_loadFailure = "";

    /// <summary>True when a TurboJPEG library was found and has the functions this backend calls.</summary>
    public static bool IsAvailable => s_api.Value is not null;

    /// <summary>What was loaded, e.g. "libturbojpeg (libturbojpeg.so.0)"; empty when nothing was.</summary>
    public static string Description => s_api.Value?.Description ?? "";

    /// <summary>Why no library could be loaded (empty when one was).</summary>
    public static string LoadFailure
    {
        get
        {
            _ = s_api.Value;
            return s_loadFailure;
        }
    }

    /// <summary>Decodes a JPEG whose frame header (see SkiaFiles.JpegFrame) the caller has checked: 1 component to L, 3 to RGB.</summary>
    /// <remarks>
    /// With <paramref name="rented"/> the pixels go into an <see cref="System.Buffers.ArrayPool{T}.Shared"/> array the
    /// caller returns (it may be longer than the image); otherwise into a new array of exactly the image's size.
    /// </remarks>
    public static DecodedImage Decode(ReadOnlySpan<byte> data, string name, int width, int height, int components, bool rented = false)
    {
        var api = s_api.Value ?? throw Unavailable(name);
        var format = components == 1 ? PixelFormat.L : PixelFormat.Rgb;
        int channels = components == 1 ? 1 : 3;
        int length = checked(width * height * channels);
        // Every byte is written by the decoder (or the image is refused), so the buffer need not be zeroed first.
        var pixels = rented ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : GC.AllocateUninitializedArray<byte>(length);
        try
        {
            Decode(api, data, name, width, height, channels, pixels);
        }
        catch
        {
            if (rented) System.Buffers.ArrayPool<byte>.Shared.Return(pixels);
            throw;
        }

        return new DecodedImage(pixels, width, height, format, null, "JPEG", api.Description);
    }

    private static void Decode(Api api, ReadOnlySpan<byte> data, string name, int width, int height, int channels, byte[] pixels)
    {
        nint handle = api.InitDecompress();
        if (handle == 0) throw new OutOfMemoryException("TurboJPEG could not create a decompressor");
        try
        {
            int w, h, subsampling, colorspace;
            fixed (byte* src = data)
            fixed (byte* dst = pixels)
            {
                var size = new CULong((nuint)data.Length);
                if (api.DecompressHeader3(handle, src, size, &w, &h, &subsampling, &colorspace) != 0)
                    throw Failure(api, handle, name, header: true);
                if (w != width || h != height)
                    throw new ImageDecodeException(name, $"the decoder reports {w}x{h}, the frame header {width}x{height}");
                // flags 0: accurate (islow) DCT and fancy upsampling, which is what Pillow asks libjpeg for.
                int rc = api.Decompress2(handle, src, size, dst, width, 0, height, channels == 1 ? PixelFormatGray : PixelFormatRgb, 0);
                if (rc != 0)
                {
                    if (api.GetErrorCode(handle) != ErrorWarning) throw Failure(api, handle, name, header: false);
                    // libjpeg warns, and fills in gray, when the data runs out; the library reports only its first
                    // warning, so whether the data ran out is read from the file: does its end marker follow the scans?
                    if (!HasEndMarker(data)) throw Truncated(name);
                    // Other warnings (e.g. junk bytes before a marker) leave complete pixels; Pillow ignores them too.
                }
            }
        }
        finally
        {
            api.Destroy(handle);
        }
    }

    /// <summary>The exception for an explicit request of this backend where no library loads.</summary>
    public static Exception Unavailable(string name) => Unavailable(name, LoadFailure);

    internal static ImageDecodeException Unavailable(string name, string failure) =>
        new ImageDecodeException(name, $"the TurboJPEG JPEG backend was requested but {failure}; install it (Debian/Ubuntu: apt install libturbojpeg0, Fedora: dnf install turbojpeg, macOS: brew install jpeg-turbo), name the library file in {LibraryVariable}, or use JpegBackend.Auto or JpegBackend.SkiaSharp");

    private static ImageDecodeException Truncated(string name) =>
        new(name, "truncated JPEG: the data ends before the last row (Pillow raises 'image file is truncated')");

    /// <summary>
    /// True when the marker structure, walked past the entropy-coded scans (where 0xFF is always followed by a
    /// stuffed 0x00, a restart marker or the next marker), reaches an EOI marker inside <paramref name="d"/>.
    /// </summary>
    internal static bool HasEndMarker(ReadOnlySpan<byte> d)
    {
        int pos = 2;
        while (pos + 1 < d.Length)
        {
            if (d[pos] != 0xFF) return false;
            byte marker = d[pos + 1];
            if (marker == 0xD9) return true;
            if (marker == 0xFF) { pos++; continue; }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { pos += 2; continue; }
            if (pos + 3 >= d.Length) return false;
            int length = (d[pos + 2] << 8) | d[pos + 3];
            if (length < 2) return false;
            pos += 2 + length;
            if (marker != 0xDA) continue;
            // Entropy-coded data: skip to the next 0xFF that starts a marker other than a restart.
            while (true)
            {
                if (pos >= d.Length) return false;
                int ff = d.Slice(pos).IndexOf((byte)0xFF);
                if (ff < 0) return false;
                pos += ff;
                if (pos + 1 >= d.Length) return false;
                byte next = d[pos + 1];
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) { pos += 2; continue; }
                if (next == 0xFF) { pos++; continue; }
                break;
            }
        }

        return false;
    }

    private static string Message(Api api, nint handle)
    {
        var p = api.GetErrorStr2(handle);
        return p == null ? "" : Marshal.PtrToStringUTF8((nint)p) ?? "";
    }

    private static ImageDecodeException Failure(Api api, nint handle, string name, bool header)
    {
        string message = Message(api, handle);
        if (message.Contains("Premature end of JPEG file", StringComparison.Ordinal)) return Truncated(name);
        return new ImageDecodeException(name, header ? $"corrupt JPEG: the decoder cannot read the header ({message})" : $"corrupt JPEG: {message}");
    }

    private static Api? Load()
    {
        var api = TryLoad(Environment.GetEnvironmentVariable(LibraryVariable), out string failure);
        s_loadFailure = failure;
        return api;
    }

    /// <summary>What <paramref name="overridePath"/> (or, when empty, the platform's usual names) loads: the bound API, or null and why not.</summary>
    internal static Api? TryLoad(string? overridePath, out string failure)
    {
        string[] candidates = string.IsNullOrWhiteSpace(overridePath)
            ? OperatingSystem.IsWindows() ? new[] { "turbojpeg.dll", "turbojpeg" }
            : OperatingSystem.IsMacOS() ? new[] { "libturbojpeg.0.dylib", "libturbojpeg.dylib", "/opt/homebrew/opt/jpeg-turbo/lib/libturbojpeg.dylib", "/usr/local/opt/jpeg-turbo/lib/libturbojpeg.dylib" }
            : new[] { "libturbojpeg.so.0", "libturbojpeg.so" }
            : new[] { overridePath };
        foreach (var candidate in candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out nint lib)) continue;
            var api = Api.TryBind(lib, candidate);
            if (api is not null)
            {
                failure = "";
                return api;
            }

            NativeLibrary.Free(lib);
        }

        failure = string.IsNullOrWhiteSpace(overridePath)
            ? $"no TurboJPEG library could be loaded (tried {string.Join(", ", candidates)})"
            : $"{LibraryVariable}={overridePath} does not name a loadable TurboJPEG 2.x library";
        return null;
    }

    internal sealed class Api
    {
        public delegate* unmanaged<nint> InitDecompress;
        public delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int> DecompressHeader3;
        public delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int> Decompress2;
        public delegate* unmanaged<nint, byte*> GetErrorStr2;
        public delegate* unmanaged<nint, int> GetErrorCode;
        public delegate* unmanaged<nint, int> Destroy;
        public string Description = "";

        public static Api? TryBind(nint lib, string file)
        {
            // tjGetErrorStr2 and tjGetErrorCode came with TurboJPEG 2.0: older libraries are not used.
            if (!NativeLibrary.TryGetExport(lib, "tjInitDecompress", out var init)
                || !NativeLibrary.TryGetExport(lib, "tjDecompressHeader3", out var header)
                || !NativeLibrary.TryGetExport(lib, "tjDecompress2", out var decompress)
                || !NativeLibrary.TryGetExport(lib, "tjGetErrorStr2", out var errorStr)
                || !NativeLibrary.TryGetExport(lib, "tjGetErrorCode", out var errorCode)
                || !NativeLibrary.TryGetExport(lib, "tjDestroy", out var destroy))
                return null;
            return new Api
            {
                InitDecompress = (delegate* unmanaged<nint>)init,
                DecompressHeader3 = (delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int>)header,
                Decompress2 = (delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int>)decompress,
                GetErrorStr2 = (delegate* unmanaged<nint, byte*>)errorStr,
                GetErrorCode = (delegate* unmanaged<nint, int>)errorCode,
                Destroy = (delegate* unmanaged<nint, int>)destroy,
                Description = $"libturbojpeg ({System.IO.Path.GetFileName(file)})",
            };
        }
    }
}

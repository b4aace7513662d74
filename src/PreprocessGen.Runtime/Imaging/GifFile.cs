using System;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>
/// GIF, first frame, as Pillow opens it: mode P with the frame's palette, or L when that palette is the identity gray
/// ramp. The structure is read here; ImageSharp decodes the LZW data.
/// </summary>
internal static class GifFile
{
    public static DecodedImage Decode(ReadOnlySpan<byte> d, string name)
    {
        if (d.Length < 13) throw new ImageDecodeException(name, "truncated GIF: no logical screen descriptor");
        int screenW = d[6] | (d[7] << 8), screenH = d[8] | (d[9] << 8);
        int flags = d[10];
        ImageDecoder.CheckPixelLimit(name, screenW, screenH);
        int pos = 13;
        ReadOnlySpan<byte> global = default;
        if ((flags & 0x80) != 0)
        {
            int size = 3 << ((flags & 7) + 1);
            if (pos + size > d.Length) throw new ImageDecodeException(name, "truncated GIF: the global colour table is cut off");
            global = d.Slice(pos, size);
            pos += size;
        }

        int transparentIndex = -1;
        while (true)
        {
            if (pos >= d.Length) throw new ImageDecodeException(name, "truncated GIF: no image in the file");
            byte block = d[pos];
            if (block == 0x21)
            {
                if (pos + 2 > d.Length) throw new ImageDecodeException(name, "truncated GIF: an extension is cut off");
                byte label = d[pos + 1];
                pos += 2;
                bool first = true;
                while (true)
                {
                    if (pos >= d.Length) throw new ImageDecodeException(name, "truncated GIF: an extension is cut off");
                    int n = d[pos];
                    if (pos + 1 + n > d.Length) throw new ImageDecodeException(name, "truncated GIF: an extension is cut off");
                    if (first && label == 0xF9 && n >= 4 && (d[pos + 1] & 1) != 0) transparentIndex = d[pos + 4];
                    first = false;
                    pos += 1 + n;
                    if (n == 0) break;
                }

                continue;
            }

            if (block != 0x2C) throw new ImageDecodeException(name, $"corrupt GIF: unexpected block 0x{block:X2} at byte {pos}");
            if (pos + 10 > d.Length) throw new ImageDecodeException(name, "truncated GIF: the image descriptor is cut off");
            int left = d[pos + 1] | (d[pos + 2] << 8), top = d[pos + 3] | (d[pos + 4] << 8);
            int w = d[pos + 5] | (d[pos + 6] << 8), h = d[pos + 7] | (d[pos + 8] << 8);
            int iflags = d[pos + 9];
            ReadOnlySpan<byte> palette = global;
            if ((iflags & 0x80) != 0)
            {
                int size = 3 << ((iflags & 7) + 1);
                if (pos + 10 + size > d.Length) throw new ImageDecodeException(name, "truncated GIF: the local colour table is cut off");
                palette = d.Slice(pos + 10, size);
            }

            if (left != 0 || top != 0 || w != screenW || h != screenH)
                throw new ImageDecodeException(name, $"GIF whose first frame ({w}x{h} at {left},{top}) does not cover the {screenW}x{screenH} screen is not supported");
            if (palette.IsEmpty) throw new ImageDecodeException(name, "GIF without a colour table is not supported");
            int data = pos + 10 + ((iflags & 0x80) != 0 ? 3 << ((iflags & 7) + 1) : 0) + 1; // after the LZW code size
            while (true)
            {
                if (data >= d.Length) throw new ImageDecodeException(name, "truncated GIF: the image data ends before its terminator block");
                int n = d[data];
                if (n == 0) break;
                if (data + 1 + n > d.Length) throw new ImageDecodeException(name, "truncated GIF: an image data block is cut off");
                data += 1 + n;
            }

            var rgba = ImageDecoder.ImageSharpRgba32(d, screenW, screenH, name);
            Span<byte> alpha = stackalloc byte[palette.Length / 3];
            alpha.Fill(255);
            if (transparentIndex >= 0 && transparentIndex < alpha.Length) alpha[transparentIndex] = 0;
            var indices = ImageDecoder.ToIndices(rgba, palette, alpha, name);
            if (ImageDecoder.IsGrayRamp(palette, i => i))
                return new DecodedImage(indices, screenW, screenH, PixelFormat.L, null, "GIF", "ImageSharp 2.1 (lossless)");
            return new DecodedImage(indices, screenW, screenH, PixelFormat.P, palette.ToArray(), "GIF", "ImageSharp 2.1 (lossless)");
        }
    }
}

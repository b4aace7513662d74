using System;
using SkiaSharp;

namespace PreprocessGen.Runtime.Imaging;

/// <summary>EXIF orientation as a lossless pixel transpose (the eight cases of the EXIF spec, as Pillow's exif_transpose).</summary>
internal static class Orientation
{
    public static DecodedImage Apply(DecodedImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default) return image;
        int w = image.Width, h = image.Height, bpp = image.Format.BytesPerPixel();
        bool swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        int ow = swap ? h : w, oh = swap ? w : h;
        var src = image.Pixels;
        var dst = new byte[ow * oh * bpp];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                // (x, y) in the upright image reads (sx, sy) in the stored one.
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),          // 2: mirrored
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y), // 3: rotated 180
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),         // 4: mirrored vertically
                    SKEncodedOrigin.LeftTop => (y, x),                    // 5: transposed
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),           // 6: rotated 90 clockwise to view
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),// 7: transversed
                    _ => (w - 1 - y, x),                                  // 8: rotated 90 counter-clockwise to view
                };
                src.Slice((sy * w + sx) * bpp, bpp).CopyTo(dst.AsSpan((y * ow + x) * bpp, bpp));
            }

        return new DecodedImage(dst, ow, oh, image.Format, image.Format == PixelFormat.P ? image.Palette.ToArray() : null, image.SourceFormat, image.Decoder + ", EXIF orientation applied");
    }
}

using System;
using PreprocessGen.Config;

namespace PreprocessGen.Runtime;

/// <summary>The size arithmetic and crop/pad placement of each stack (see docs: torchvision, transformers, timm).</summary>
public static class Geometry
{
    /// <summary>The size the image is resized to before the crop or pad.</summary>
    public static (int Width, int Height) ResizedSize(PreprocessSpec spec, int width, int height)
    {
        switch (spec.ResizeMode)
        {
            case ResizeMode.Squash:
                return (spec.ResizeWidth, spec.ResizeHeight);
            case ResizeMode.Shortest when spec.ResizeWidth != spec.ResizeHeight:
            {
                // OpenCLIP, non-square target: ratio = min(H/h, W/w), dims round(dim / ratio) (ties to even).
                double ratio = Math.Min((double)height / spec.ResizeHeight, (double)width / spec.ResizeWidth);
                return (Math.Max(1, (int)Math.Round(width / ratio, MidpointRounding.ToEven)), Math.Max(1, (int)Math.Round(height / ratio, MidpointRounding.ToEven)));
            }
            case ResizeMode.Shortest:
            {
                int s = spec.ResizeWidth;
                // torchvision / transformers: the short side becomes s, the long side int(s * long / short).
                if (width <= height) return (s, (int)((double)s * height / width));
                return ((int)((double)s * width / height), s);
            }
            default:
            {
                // OpenCLIP ResizeKeepRatio(longest): ratio = max(H/h, W/w), dims round(dim / ratio) (ties to even).
                double ratio = Math.Max((double)height / spec.ResizeHeight, (double)width / spec.ResizeWidth);
                int w = (int)Math.Round(width / ratio, MidpointRounding.ToEven);
                int h = (int)Math.Round(height / ratio, MidpointRounding.ToEven);
                return (Math.Max(1, w), Math.Max(1, h));
            }
        }
    }

    /// <summary>
    /// Where the output window lies on the resized image: the resized size, and the window's left/top offset in resized
    /// pixels (negative where the output pads). The window is <see cref="PreprocessSpec.Width"/> × <see cref="PreprocessSpec.Height"/>.
    /// </summary>
    public static (int ResizedWidth, int ResizedHeight, int Left, int Top) Window(PreprocessSpec spec, int width, int height)
    {
        var (w, h) = ResizedSize(spec, width, height);
        int ow = spec.Width, oh = spec.Height;
        bool hf = spec.Rules == RulesFlavor.HuggingFace;
        if (spec.ResizeMode == ResizeMode.Longest)
            return (w, h, w < ow ? -((ow - w) / 2) : Offset(w, ow, floor: false), h < oh ? -((oh - h) / 2) : Offset(h, oh, floor: false));
        return (w, h, Offset(w, ow, hf), Offset(h, oh, hf));
    }

    /// <summary>Centre-crops or pads <paramref name="src"/> (w × h × 3) to the spec's output size, padding with <see cref="PreprocessSpec.Fill"/>.</summary>
    public static void CropOrPad(PreprocessSpec spec, ReadOnlySpan<byte> src, int w, int h, Span<byte> dst)
    {
        ReadOnlySpan<byte> fill = stackalloc byte[] { spec.Fill.R, spec.Fill.G, spec.Fill.B };
        CropOrPad(spec, src, w, h, 3, fill, dst);
    }

    /// <summary>
    /// Centre-crops or pads <paramref name="src"/> (w × h × <paramref name="channels"/>) to the spec's output size,
    /// padding with the <paramref name="fill"/> pixel (one value per channel; a palette index for P images).
    /// </summary>
    public static void CropOrPad(PreprocessSpec spec, ReadOnlySpan<byte> src, int w, int h, int channels, ReadOnlySpan<byte> fill, Span<byte> dst)
    {
        int ow = spec.Width, oh = spec.Height, ch = channels;
        if (fill.Length < ch) throw new ArgumentException($"the fill needs {ch} values", nameof(fill));
        if (dst.Length < ow * oh * ch) throw new ArgumentException($"the destination needs {ow * oh * ch} bytes", nameof(dst));
        bool hf = spec.Rules == RulesFlavor.HuggingFace;
        int top, left;
        if (spec.ResizeMode == ResizeMode.Longest)
        {
            // CenterCropOrPad (OpenCLIP, timm): per axis, pad where smaller (left = (W - w) // 2, the odd pixel
            // right/bottom), centre-crop where larger (torchvision's round-half-even offset).
            left = w < ow ? -((ow - w) / 2) : Offset(w, ow, floor: false);
            top = h < oh ? -((oh - h) / 2) : Offset(h, oh, floor: false);
        }
        else
        {
            top = Offset(h, oh, hf);
            left = Offset(w, ow, hf);
        }

        for (int y = 0; y < oh; y++)
        {
            int sy = y + top;
            var drow = dst.Slice(y * ow * ch, ow * ch);
            if (sy < 0 || sy >= h)
            {
                for (int x = 0; x < ow; x++) fill.Slice(0, ch).CopyTo(drow.Slice(x * ch, ch));
                continue;
            }

            // Columns [x0, x1) of the output come from the source row; the rest is fill.
            int x0 = Math.Max(0, -left), x1 = Math.Min(ow, w - left);
            for (int x = 0; x < Math.Min(x0, ow); x++) fill.Slice(0, ch).CopyTo(drow.Slice(x * ch, ch));
            if (x1 > x0) src.Slice((sy * w + x0 + left) * ch, (x1 - x0) * ch).CopyTo(drow.Slice(x0 * ch));
            for (int x = Math.Max(x1, x0); x < ow; x++) fill.Slice(0, ch).CopyTo(drow.Slice(x * ch, ch));
        }
    }

    /// <summary>
    /// Writes the output window (<see cref="PreprocessSpec.Width"/> × <see cref="PreprocessSpec.Height"/> at
    /// <paramref name="left"/>, <paramref name="top"/> in resized coordinates) from a computed region of the resized image
    /// that starts at (<paramref name="regionX"/>, <paramref name="regionY"/>); pixels outside the region are the fill.
    /// </summary>
    public static void Place(PreprocessSpec spec, ReadOnlySpan<byte> region, int regionWidth, int regionHeight, int regionX, int regionY,
        int left, int top, int channels, ReadOnlySpan<byte> fill, Span<byte> dst)
    {
        int ow = spec.Width, oh = spec.Height, ch = channels;
        if (dst.Length < ow * oh * ch) throw new ArgumentException($"the destination needs {ow * oh * ch} bytes", nameof(dst));
        int dx = left - regionX, dy = top - regionY; // output (x, y) reads region (x + dx, y + dy)
        int x0 = Math.Max(0, -dx), x1 = Math.Min(ow, regionWidth - dx);
        for (int y = 0; y < oh; y++)
        {
            int sy = y + dy;
            var drow = dst.Slice(y * ow * ch, ow * ch);
            if (sy < 0 || sy >= regionHeight || x1 <= x0)
            {
                for (int x = 0; x < ow; x++) fill.Slice(0, ch).CopyTo(drow.Slice(x * ch, ch));
                continue;
            }

            for (int x = 0; x < x0; x++) fill.Slice(0, ch).CopyTo(drow.Slice(x * ch, ch));
            region.Slice((sy * regionWidth + x0 + dx) * ch, (x1 - x0) * ch).CopyTo(drow.Slice(x0 * ch));
            for (int x = x1; x < ow; x++) fill.Slice(0, ch).CopyTo(drow.Slice(x * ch, ch));
        }
    }

    /// <summary>Crop offset: torchvision <c>int(round((size - crop) / 2.0))</c> (ties to even); transformers floor.</summary>
    private static int Offset(int size, int crop, bool floor)
    {
        if (size >= crop) return floor ? (size - crop) / 2 : (int)Math.Round((size - crop) / 2.0, MidpointRounding.ToEven);
        // Crop larger than the image: torchvision pads (extra pixel bottom/right), transformers pads extra top/left.
        int pad = crop - size;
        return floor ? -((pad + 1) / 2) : -(pad / 2);
    }
}

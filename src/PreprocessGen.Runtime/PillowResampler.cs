using System;
using System.Buffers;
using PreprocessGen.Config;

namespace PreprocessGen.Runtime;

/// <summary>
/// Pillow's 8-bit resampler (<c>Image.resize</c> without a box or reducing gap), reimplemented so the output bytes are
/// identical: the same filters evaluated in double, coefficients normalised per output pixel, 22-bit fixed-point
/// weights, horizontal pass first into an 8-bit intermediate, then the vertical pass. Interleaved 8-bit pixels with
/// any number of channels, each processed independently.
/// </summary>
public static class PillowResampler
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes <paramref name="src"/> (<paramref name="srcWidth"/> × <paramref name="srcHeight"/> × <paramref name="channels"/>, row-major, tightly packed) into <paramref name="dst"/>.</summary>
    public static void Resize(ReadOnlySpan<byte> src, int srcWidth, int srcHeight, int channels, Span<byte> dst, int dstWidth, int dstHeight, Interpolation filter)
    {
        if (srcWidth <= 0 || srcHeight <= 0 || dstWidth <= 0 || dstHeight <= 0) throw new ArgumentOutOfRangeException(nameof(srcWidth), "sizes must be positive");
        if (src.Length < (long)srcWidth * srcHeight * channels) throw new ArgumentException("the source buffer is smaller than width × height × channels", nameof(src));
        if (dst.Length < (long)dstWidth * dstHeight * channels) throw new ArgumentException("the destination buffer is smaller than width × height × channels", nameof(dst));

        if (srcWidth == dstWidth && srcHeight == dstHeight)
        {
            src.Slice(0, srcWidth * srcHeight * channels).CopyTo(dst);
            return;
        }

        if (filter == Interpolation.Nearest)
        {
            Nearest(src, srcWidth, srcHeight, channels, dst, dstWidth, dstHeight);
            return;
        }

        bool needH = dstWidth != srcWidth, needV = dstHeight != srcHeight;
        if (needH && needV)
        {
            var v = Coefficients(srcHeight, dstHeight, filter);
            var h = Coefficients(srcWidth, dstWidth, filter);
            int first = v.Bounds[0], last = v.Bounds[2 * (dstHeight - 1)] + v.Bounds[2 * (dstHeight - 1) + 1];
            int tmpLength = dstWidth * (last - first) * channels;
            byte[] tmp = ArrayPool<byte>.Shared.Rent(tmpLength);
            try
            {
                Horizontal(src.Slice(first * srcWidth * channels), srcWidth, last - first, channels, tmp, dstWidth, h.Bounds, h.Weights, h.KMax);
                for (int i = 0; i < dstHeight; i++) v.Bounds[2 * i] -= first;
                Vertical(tmp, dstWidth, channels, dst, dstHeight, v.Bounds, v.Weights, v.KMax);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(tmp);
                h.Return();
                v.Return();
            }
        }
        else if (needH)
        {
            var h = Coefficients(srcWidth, dstWidth, filter);
            try { Horizontal(src, srcWidth, srcHeight, channels, dst, dstWidth, h.Bounds, h.Weights, h.KMax); }
            finally { h.Return(); }
        }
        else
        {
            var v = Coefficients(srcHeight, dstHeight, filter);
            try { Vertical(src, srcWidth, channels, dst, dstHeight, v.Bounds, v.Weights, v.KMax); }
            finally { v.Return(); }
        }
    }

    /// <summary>One axis' coefficients in pooled arrays: (xmin, n) pairs and fixed-point weights at stride <see cref="KMax"/>.</summary>
    private readonly struct AxisCoefficients
    {
        public AxisCoefficients(int[] bounds, int[] weights, int kmax)
        {
            Bounds = bounds;
            Weights = weights;
            KMax = kmax;
        }

        public int[] Bounds { get; }
        public int[] Weights { get; }
        public int KMax { get; }

        public void Return()
        {
            ArrayPool<int>.Shared.Return(Bounds);
            ArrayPool<int>.Shared.Return(Weights);
        }
    }

    private static void Nearest(ReadOnlySpan<byte> src, int sw, int sh, int ch, Span<byte> dst, int dw, int dh)
    {
        // Pillow's affine nearest: x accumulated by repeated addition of the scale, truncated.
        int[]? rented = dw <= 4096 ? null : ArrayPool<int>.Shared.Rent(dw);
        Span<int> xs = rented is null ? stackalloc int[dw] : rented.AsSpan(0, dw);
        double sx = (double)sw / dw, sy = (double)sh / dh;
        double xo = 0.5 * sx;
        for (int x = 0; x < dw; x++) { xs[x] = Math.Min(sw - 1, (int)xo); xo += sx; }
        double yo = 0.5 * sy;
        for (int y = 0; y < dh; y++)
        {
            int srcY = Math.Min(sh - 1, (int)yo);
            yo += sy;
            var srow = src.Slice(srcY * sw * ch, sw * ch);
            var drow = dst.Slice(y * dw * ch, dw * ch);
            for (int x = 0; x < dw; x++)
            {
                int s = xs[x] * ch, d = x * ch;
                for (int c = 0; c < ch; c++) drow[d + c] = srow[s + c];
            }
        }

        if (rented is not null) ArrayPool<int>.Shared.Return(rented);
    }

    private static double Support(Interpolation f) => f switch
    {
        Interpolation.Box => 0.5,
        Interpolation.Bilinear => 1.0,
        Interpolation.Hamming => 1.0,
        Interpolation.Bicubic => 2.0,
        Interpolation.Lanczos => 3.0,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    private static double Sinc(double x)
    {
        if (x == 0.0) return 1.0;
        x *= Math.PI;
        return Math.Sin(x) / x;
    }

    private static double Kernel(Interpolation f, double x)
    {
        switch (f)
        {
            case Interpolation.Box:
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case Interpolation.Bilinear:
                if (x < 0.0) x = -x;
                return x < 1.0 ? 1.0 - x : 0.0;
            case Interpolation.Hamming:
                if (x < 0.0) x = -x;
                if (x == 0.0) return 1.0;
                if (x >= 1.0) return 0.0;
                x *= Math.PI;
                return Math.Sin(x) / x * ((double)0.54f + (double)0.46f * Math.Cos(x));
            case Interpolation.Bicubic:
                const double a = -0.5;
                if (x < 0.0) x = -x;
                if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
                return 0.0;
            case Interpolation.Lanczos:
                if (-3.0 <= x && x < 3.0) return Sinc(x) * Sinc(x / 3);
                return 0.0;
            default:
                throw new ArgumentOutOfRangeException(nameof(f));
        }
    }

    /// <summary>Per output index: bounds (xmin, n) pairs and fixed-point weights at stride <c>kmax</c>.</summary>
    private static AxisCoefficients Coefficients(int inSize, int outSize, Interpolation f)
    {
        double scale = (double)inSize / outSize;
        double filterscale = Math.Max(scale, 1.0);
        double support = Support(f) * filterscale;
        int ksize = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = ArrayPool<int>.Shared.Rent(outSize * 2);
        var weights = ArrayPool<int>.Shared.Rent(outSize * ksize);
        Span<double> w = ksize <= 512 ? stackalloc double[ksize] : new double[ksize];
        double invFs = 1.0 / filterscale;
        for (int i = 0; i < outSize; i++)
        {
            double center = (i + 0.5) * scale;
            int xmin = (int)(center - support + 0.5);
            if (xmin < 0) xmin = 0;
            int xmax = (int)(center + support + 0.5);
            if (xmax > inSize) xmax = inSize;
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++)
            {
                double v = Kernel(f, (x + xmin - center + 0.5) * invFs);
                w[x] = v;
                ww += v;
            }

            for (int x = 0; x < xmax; x++)
            {
                double v = ww != 0.0 ? w[x] / ww : w[x];
                weights[i * ksize + x] = v < 0 ? (int)(-0.5 + v * (1 << PrecisionBits)) : (int)(0.5 + v * (1 << PrecisionBits));
            }

            bounds[2 * i] = xmin;
            bounds[2 * i + 1] = xmax;
        }

        return new AxisCoefficients(bounds, weights, ksize);
    }

    private static byte Clip8(int acc)
    {
        int v = acc >> PrecisionBits;
        return v < 0 ? (byte)0 : v > 255 ? (byte)255 : (byte)v;
    }

    private static void Horizontal(ReadOnlySpan<byte> src, int sw, int rows, int ch, Span<byte> dst, int dw, int[] bounds, int[] k, int kmax)
    {
        const int half = 1 << (PrecisionBits - 1);
        for (int y = 0; y < rows; y++)
        {
            var srow = src.Slice(y * sw * ch, sw * ch);
            var drow = dst.Slice(y * dw * ch, dw * ch);
            for (int x = 0; x < dw; x++)
            {
                int xmin = bounds[2 * x], n = bounds[2 * x + 1], kb = x * kmax;
                for (int c = 0; c < ch; c++)
                {
                    int acc = half;
                    for (int j = 0; j < n; j++) acc += srow[(xmin + j) * ch + c] * k[kb + j];
                    drow[x * ch + c] = Clip8(acc);
                }
            }
        }
    }

    private static void Vertical(ReadOnlySpan<byte> src, int w, int ch, Span<byte> dst, int dh, int[] bounds, int[] k, int kmax)
    {
        const int half = 1 << (PrecisionBits - 1);
        int stride = w * ch;
        for (int y = 0; y < dh; y++)
        {
            int ymin = bounds[2 * y], n = bounds[2 * y + 1], kb = y * kmax;
            var drow = dst.Slice(y * stride, stride);
            for (int i = 0; i < stride; i++)
            {
                int acc = half;
                for (int j = 0; j < n; j++) acc += src[(ymin + j) * stride + i] * k[kb + j];
                drow[i] = Clip8(acc);
            }
        }
    }
}

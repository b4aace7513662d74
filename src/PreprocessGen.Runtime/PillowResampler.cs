using System;
using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    public static void Resize(ReadOnlySpan<byte> src, int srcWidth, int srcHeight, int channels, Span<byte> dst, int dstWidth, int dstHeight, Interpolation filter) =>
        ResizeRegion(src, srcWidth, srcHeight, channels, dst, dstWidth, dstHeight, 0, 0, dstWidth, dstHeight, filter);

    /// <summary>
    /// Computes only the region [<paramref name="regionX"/>, +<paramref name="regionWidth"/>) × [<paramref name="regionY"/>,
    /// +<paramref name="regionHeight"/>) of the <paramref name="dstWidth"/> × <paramref name="dstHeight"/> resize, into
    /// <paramref name="dst"/> (regionWidth × regionHeight × channels). Every output pixel of Pillow's resampler depends only
    /// on its own coefficients, so the region's bytes equal the same pixels of the full resize; a pipeline that crops
    /// afterwards never computes (or stores) what the crop throws away.
    /// </summary>
    public static void ResizeRegion(ReadOnlySpan<byte> src, int srcWidth, int srcHeight, int channels, Span<byte> dst, int dstWidth, int dstHeight,
        int regionX, int regionY, int regionWidth, int regionHeight, Interpolation filter)
    {
        if (srcWidth <= 0 || srcHeight <= 0 || dstWidth <= 0 || dstHeight <= 0) throw new ArgumentOutOfRangeException(nameof(srcWidth), "sizes must be positive");
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels));
        if (regionX < 0 || regionY < 0 || regionWidth <= 0 || regionHeight <= 0 || regionX + regionWidth > dstWidth || regionY + regionHeight > dstHeight)
            throw new ArgumentOutOfRangeException(nameof(regionX), "the region must lie inside the destination size");
        if (src.Length < (long)srcWidth * srcHeight * channels) throw new ArgumentException("the source buffer is smaller than width × height × channels", nameof(src));
        if (dst.Length < (long)regionWidth * regionHeight * channels) throw new ArgumentException("the destination buffer is smaller than the region × channels", nameof(dst));

        if (srcWidth == dstWidth && srcHeight == dstHeight)
        {
            // Pillow copies a same-size image.
            for (int y = 0; y < regionHeight; y++)
                src.Slice(((regionY + y) * srcWidth + regionX) * channels, regionWidth * channels).CopyTo(dst.Slice(y * regionWidth * channels));
            return;
        }

        if (filter == Interpolation.Nearest)
        {
            Nearest(src, srcWidth, srcHeight, channels, dst, dstWidth, dstHeight, regionX, regionY, regionWidth, regionHeight);
            return;
        }

        bool needH = dstWidth != srcWidth, needV = dstHeight != srcHeight;
        if (needH && needV)
        {
            var v = Coefficients(srcHeight, dstHeight, filter);
            var h = Coefficients(srcWidth, dstWidth, filter);
            // The source rows the region's output rows read.
            int first = int.MaxValue, last = 0;
            for (int y = regionY; y < regionY + regionHeight; y++)
            {
                first = Math.Min(first, v.Bounds[2 * y]);
                last = Math.Max(last, v.Bounds[2 * y] + v.Bounds[2 * y + 1]);
            }

            int tmpLength = regionWidth * (last - first) * channels;
            byte[] tmp = ArrayPool<byte>.Shared.Rent(tmpLength);
            try
            {
                Horizontal(src.Slice(first * srcWidth * channels), srcWidth, last - first, channels, tmp, regionX, regionWidth, h.Bounds, h.Weights, h.KMax);
                Vertical(tmp, regionWidth, channels, dst, regionY, regionHeight, first, 0, regionWidth, v.Bounds, v.Weights, v.KMax);
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
            try { Horizontal(src.Slice(regionY * srcWidth * channels), srcWidth, regionHeight, channels, dst, regionX, regionWidth, h.Bounds, h.Weights, h.KMax); }
            finally { h.Return(); }
        }
        else
        {
            var v = Coefficients(srcHeight, dstHeight, filter);
            try { Vertical(src, srcWidth, channels, dst, regionY, regionHeight, 0, regionX, regionWidth, v.Bounds, v.Weights, v.KMax); }
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

    private static void Nearest(ReadOnlySpan<byte> src, int sw, int sh, int ch, Span<byte> dst, int dw, int dh, int rx, int ry, int rw, int rh)
    {
        // Pillow's affine nearest: the source coordinate accumulated by repeated addition of the scale, truncated.
        int[]? rented = rw <= 4096 ? null : ArrayPool<int>.Shared.Rent(rw);
        Span<int> xs = rented is null ? stackalloc int[rw] : rented.AsSpan(0, rw);
        double sx = (double)sw / dw, sy = (double)sh / dh;
        double xo = 0.5 * sx;
        for (int x = 0; x < rx + rw; x++)
        {
            if (x >= rx) xs[x - rx] = Math.Min(sw - 1, (int)xo);
            xo += sx;
        }

        double yo = 0.5 * sy;
        for (int y = 0; y < ry + rh; y++)
        {
            int srcY = Math.Min(sh - 1, (int)yo);
            yo += sy;
            if (y < ry) continue;
            var srow = src.Slice(srcY * sw * ch, sw * ch);
            var drow = dst.Slice((y - ry) * rw * ch, rw * ch);
            for (int x = 0; x < rw; x++)
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

    /// <summary>Whether the SSE4.1 paths run (false with DOTNET_EnableHWIntrinsic=0 or on other CPUs: the scalar paths give the same bytes).</summary>
    public static bool IsAccelerated => Sse41.IsSupported;

    /// <summary>Horizontal pass: output columns [x0, x0 + count) of every given row.</summary>
    private static void Horizontal(ReadOnlySpan<byte> src, int sw, int rows, int ch, Span<byte> dst, int x0, int count, int[] bounds, int[] k, int kmax)
    {
        if (Ssse3.IsSupported && ch == 3)
        {
            HorizontalRgbMadd(src, sw, rows, dst, x0, count, bounds, k, kmax);
            return;
        }

        if (Sse41.IsSupported && ch == 4)
        {
            HorizontalRgbaSse41(src, sw, rows, dst, x0, count, bounds, k, kmax);
            return;
        }

        HorizontalScalar(src, sw, rows, ch, dst, x0, count, bounds, k, kmax);
    }

    /// <summary>
    /// RGBA horizontal pass, the same integer arithmetic as <see cref="HorizontalScalar"/> with one pixel's four channels
    /// per 128-bit vector: each tap widens the bytes to int32 and adds pixel × weight; the result is shifted and saturated
    /// to 0..255 exactly as clip8 does.
    /// </summary>
    private static unsafe void HorizontalRgbaSse41(ReadOnlySpan<byte> src, int sw, int rows, Span<byte> dst, int x0, int count, int[] bounds, int[] k, int kmax)
    {
        const int half = 1 << (PrecisionBits - 1);
        fixed (byte* sBase = src)
        fixed (byte* dBase = dst)
        fixed (int* kBase = k)
        {
            var start = Vector128.Create(half);
            for (int y = 0; y < rows; y++)
            {
                byte* srow = sBase + (long)y * sw * 4;
                uint* drow = (uint*)(dBase + (long)y * count * 4);
                for (int x = 0; x < count; x++)
                {
                    int ox = x0 + x;
                    int n = bounds[2 * ox + 1];
                    int* w = kBase + (long)ox * kmax;
                    byte* p = srow + bounds[2 * ox] * 4;
                    var acc = start;
                    for (int j = 0; j < n; j++, p += 4)
                        acc = Sse2.Add(acc, Sse41.MultiplyLow(Sse41.ConvertToVector128Int32(p), Vector128.Create(w[j])));
                    var words = Sse2.PackSignedSaturate(Sse2.ShiftRightArithmetic(acc, PrecisionBits), start);
                    drow[x] = Sse2.PackUnsignedSaturate(words, words).AsUInt32().ToScalar();
                }
            }
        }
    }

    /// <summary>
    /// RGB horizontal pass, two taps per <c>pmaddwd</c>: each 22-bit weight w is split exactly into w = hi·2^11 + lo with
    /// hi and lo in int16, the pixel bytes of taps (j, j+1) are shuffled into int16 pairs per channel, and
    /// Σ p·hi·2^11 + Σ p·lo is Pillow's Σ p·w, bit for bit (int32 arithmetic wraps the same way and the true sum fits).
    /// </summary>
    private static unsafe void HorizontalRgbMadd(ReadOnlySpan<byte> src, int sw, int rows, Span<byte> dst, int x0, int count, int[] bounds, int[] k, int kmax)
    {
        const int half = 1 << (PrecisionBits - 1);
        // Per output column: pairs of taps, each as two int16x8 weight vectors (hi, lo) laid out [a, b, a, b, a, b, 0, 0].
        int maxPairs = (kmax + 1) / 2;
        short[] table = ArrayPool<short>.Shared.Rent(count * maxPairs * 16);
        int[] pairs = ArrayPool<int>.Shared.Rent(count);
        try
        {
            for (int x = 0; x < count; x++)
            {
                int ox = x0 + x, n = bounds[2 * ox + 1], np = (n + 1) / 2;
                pairs[x] = np;
                for (int q = 0; q < np; q++)
                {
                    int wa = k[ox * kmax + 2 * q], wb = 2 * q + 1 < n ? k[ox * kmax + 2 * q + 1] : 0;
                    int baseIndex = (x * maxPairs + q) * 16;
                    short ha = (short)(wa >> 11), la = (short)(wa & 0x7FF), hb = (short)(wb >> 11), lb = (short)(wb & 0x7FF);
                    for (int c = 0; c < 3; c++)
                    {
                        table[baseIndex + 2 * c] = ha;
                        table[baseIndex + 2 * c + 1] = hb;
                        table[baseIndex + 8 + 2 * c] = la;
                        table[baseIndex + 8 + 2 * c + 1] = lb;
                    }

                    table[baseIndex + 6] = table[baseIndex + 7] = table[baseIndex + 14] = table[baseIndex + 15] = 0;
                }
            }

            long total = (long)sw * rows * 3;
            var shuffle = Vector128.Create((byte)0, 0x80, 3, 0x80, 1, 0x80, 4, 0x80, 2, 0x80, 5, 0x80, 0x80, 0x80, 0x80, 0x80);
            var start = Vector128.Create(half);
            fixed (byte* sBase = src)
            fixed (byte* dBase = dst)
            fixed (short* tBase = table)
            fixed (int* kBase = k)
            {
                int y = 0;
                if (Avx2.IsSupported)
                {
                    // Row y in the low 128-bit lane, row y + 1 in the high one, weights broadcast to both.
                    var shuffle256 = Vector256.Create(shuffle, shuffle);
                    var shuffleNext = Vector128.Create((byte)6, 0x80, 9, 0x80, 7, 0x80, 10, 0x80, 8, 0x80, 11, 0x80, 0x80, 0x80, 0x80, 0x80);
                    var shuffleNext256 = Vector256.Create(shuffleNext, shuffleNext);
                    var start256 = Vector256.Create(half);
                    long rowBytes = (long)sw * 3;
                    // Four rows at a time: each weight vector loaded once serves two such vectors; the last rows
                    // (fewer than four) take the one-row loop below.
                    for (; y + 3 < rows; y += 4)
                    {
                        byte* srow = sBase + (long)y * rowBytes;
                        byte* drow = dBase + (long)y * count * 3;
                        for (int x = 0; x < count; x++)
                        {
                            int ox = x0 + x;
                            int xmin = bounds[2 * ox], n = bounds[2 * ox + 1], np = pairs[x];
                            byte* p = srow + xmin * 3;
                            short* t = tBase + (long)x * maxPairs * 16;
                            var hi0 = Vector256<int>.Zero;
                            var lo0 = Vector256<int>.Zero;
                            var hi1 = Vector256<int>.Zero;
                            var lo1 = Vector256<int>.Zero;
                            long room = total - 8 - (p + 3 * rowBytes - sBase);
                            int safe = room < 0 ? 0 : (int)Math.Min(np, room / 6 + 1);
                            int q = 0;
                            // Two pairs per 16-byte read of each row (pixels 0-1 and 2-3 of the read), while it fits.
                            long room16 = room - 8;
                            int safe2 = room16 < 0 ? 0 : (int)Math.Min(np, room16 / 6 + 1);
                            for (; q + 1 < safe2; q += 2, p += 12, t += 32)
                            {
                                var r01 = Vector256.Create(Sse2.LoadVector128(p), Sse2.LoadVector128(p + rowBytes));
                                var r23 = Vector256.Create(Sse2.LoadVector128(p + 2 * rowBytes), Sse2.LoadVector128(p + 3 * rowBytes));
                                var wh = Avx2.BroadcastVector128ToVector256(t);
                                var wl = Avx2.BroadcastVector128ToVector256(t + 8);
                                var d01 = Avx2.Shuffle(r01, shuffle256).AsInt16();
                                var d23 = Avx2.Shuffle(r23, shuffle256).AsInt16();
                                hi0 = Avx2.Add(hi0, Avx2.MultiplyAddAdjacent(d01, wh));
                                lo0 = Avx2.Add(lo0, Avx2.MultiplyAddAdjacent(d01, wl));
                                hi1 = Avx2.Add(hi1, Avx2.MultiplyAddAdjacent(d23, wh));
                                lo1 = Avx2.Add(lo1, Avx2.MultiplyAddAdjacent(d23, wl));
                                var wh2 = Avx2.BroadcastVector128ToVector256(t + 16);
                                var wl2 = Avx2.BroadcastVector128ToVector256(t + 24);
                                var e01 = Avx2.Shuffle(r01, shuffleNext256).AsInt16();
                                var e23 = Avx2.Shuffle(r23, shuffleNext256).AsInt16();
                                hi0 = Avx2.Add(hi0, Avx2.MultiplyAddAdjacent(e01, wh2));
                                lo0 = Avx2.Add(lo0, Avx2.MultiplyAddAdjacent(e01, wl2));
                                hi1 = Avx2.Add(hi1, Avx2.MultiplyAddAdjacent(e23, wh2));
                                lo1 = Avx2.Add(lo1, Avx2.MultiplyAddAdjacent(e23, wl2));
                            }

                            for (; q < safe; q++, p += 6, t += 16)
                            {
                                var wh = Avx2.BroadcastVector128ToVector256(t);
                                var wl = Avx2.BroadcastVector128ToVector256(t + 8);
                                var d01 = Avx2.Shuffle(Vector256.Create(Sse2.LoadScalarVector128((long*)p), Sse2.LoadScalarVector128((long*)(p + rowBytes))).AsByte(), shuffle256).AsInt16();
                                var d23 = Avx2.Shuffle(Vector256.Create(Sse2.LoadScalarVector128((long*)(p + 2 * rowBytes)), Sse2.LoadScalarVector128((long*)(p + 3 * rowBytes))).AsByte(), shuffle256).AsInt16();
                                hi0 = Avx2.Add(hi0, Avx2.MultiplyAddAdjacent(d01, wh));
                                lo0 = Avx2.Add(lo0, Avx2.MultiplyAddAdjacent(d01, wl));
                                hi1 = Avx2.Add(hi1, Avx2.MultiplyAddAdjacent(d23, wh));
                                lo1 = Avx2.Add(lo1, Avx2.MultiplyAddAdjacent(d23, wl));
                            }

                            var acc0 = Avx2.Add(start256, Avx2.Add(Avx2.ShiftLeftLogical(hi0, 11), lo0));
                            var acc1 = Avx2.Add(start256, Avx2.Add(Avx2.ShiftLeftLogical(hi1, 11), lo1));
                            byte* d = drow + x * 3;
                            long stride = (long)count * 3;
                            if (2 * q >= n)
                            {
                                d[0] = Clip8(acc0.GetElement(0));
                                d[1] = Clip8(acc0.GetElement(1));
                                d[2] = Clip8(acc0.GetElement(2));
                                d[stride] = Clip8(acc0.GetElement(4));
                                d[stride + 1] = Clip8(acc0.GetElement(5));
                                d[stride + 2] = Clip8(acc0.GetElement(6));
                                d[2 * stride] = Clip8(acc1.GetElement(0));
                                d[2 * stride + 1] = Clip8(acc1.GetElement(1));
                                d[2 * stride + 2] = Clip8(acc1.GetElement(2));
                                d[3 * stride] = Clip8(acc1.GetElement(4));
                                d[3 * stride + 1] = Clip8(acc1.GetElement(5));
                                d[3 * stride + 2] = Clip8(acc1.GetElement(6));
                                continue;
                            }

                            // The last taps, where an 8-byte read would pass the end of the buffer.
                            int* w = kBase + (long)ox * kmax;
                            for (int r = 0; r < 4; r++)
                            {
                                var acc = r < 2 ? acc0 : acc1;
                                int lane = (r & 1) * 4;
                                int c0 = acc.GetElement(lane), c1 = acc.GetElement(lane + 1), c2 = acc.GetElement(lane + 2);
                                byte* row = srow + r * rowBytes;
                                for (int j = 2 * q; j < n; j++)
                                {
                                    byte* pj = row + (xmin + j) * 3;
                                    int wj = w[j];
                                    c0 += pj[0] * wj;
                                    c1 += pj[1] * wj;
                                    c2 += pj[2] * wj;
                                }

                                byte* e = d + r * stride;
                                e[0] = Clip8(c0);
                                e[1] = Clip8(c1);
                                e[2] = Clip8(c2);
                            }
                        }
                    }
                }

                for (; y < rows; y++)
                {
                    byte* srow = sBase + (long)y * sw * 3;
                    byte* drow = dBase + (long)y * count * 3;
                    for (int x = 0; x < count; x++)
                    {
                        int ox = x0 + x;
                        int xmin = bounds[2 * ox], n = bounds[2 * ox + 1], np = pairs[x];
                        byte* p = srow + xmin * 3;
                        short* t = tBase + (long)x * maxPairs * 16;
                        var hi = Vector128<int>.Zero;
                        var lo = Vector128<int>.Zero;
                        // Pairs whose 8-byte read stays inside the buffer.
                        long room = total - 8 - (p - sBase);
                        int safe = room < 0 ? 0 : (int)Math.Min(np, room / 6 + 1);
                        int q = 0;
                        for (; q < safe; q++, p += 6, t += 16)
                        {
                            var data = Ssse3.Shuffle(Sse2.LoadScalarVector128((long*)p).AsByte(), shuffle).AsInt16();
                            hi = Sse2.Add(hi, Sse2.MultiplyAddAdjacent(data, Sse2.LoadVector128(t)));
                            lo = Sse2.Add(lo, Sse2.MultiplyAddAdjacent(data, Sse2.LoadVector128(t + 8)));
                        }

                        var acc = Sse2.Add(start, Sse2.Add(Sse2.ShiftLeftLogical(hi, 11), lo));
                        int a0 = acc.GetElement(0), a1 = acc.GetElement(1), a2 = acc.GetElement(2);
                        int* w = kBase + (long)ox * kmax;
                        for (int j = 2 * q; j < n; j++)
                        {
                            byte* pj = srow + (xmin + j) * 3;
                            a0 += pj[0] * w[j];
                            a1 += pj[1] * w[j];
                            a2 += pj[2] * w[j];
                        }

                        byte* d = drow + x * 3;
                        d[0] = Clip8(a0);
                        d[1] = Clip8(a1);
                        d[2] = Clip8(a2);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(table);
            ArrayPool<int>.Shared.Return(pairs);
        }
    }

    private static void HorizontalScalar(ReadOnlySpan<byte> src, int sw, int rows, int ch, Span<byte> dst, int x0, int count, int[] bounds, int[] k, int kmax)
    {
        const int half = 1 << (PrecisionBits - 1);
        for (int y = 0; y < rows; y++)
        {
            var srow = src.Slice(y * sw * ch, sw * ch);
            var drow = dst.Slice(y * count * ch, count * ch);
            for (int x = 0; x < count; x++)
            {
                int ox = x0 + x;
                int xmin = bounds[2 * ox], n = bounds[2 * ox + 1];
                var w = new ReadOnlySpan<int>(k, ox * kmax, n);
                var s = srow.Slice(xmin * ch, n * ch);
                if (ch == 3)
                {
                    int a0 = half, a1 = half, a2 = half;
                    for (int j = 0; j < w.Length; j++)
                    {
                        int wj = w[j], b = 3 * j;
                        a0 += s[b] * wj;
                        a1 += s[b + 1] * wj;
                        a2 += s[b + 2] * wj;
                    }

                    drow[3 * x] = Clip8(a0);
                    drow[3 * x + 1] = Clip8(a1);
                    drow[3 * x + 2] = Clip8(a2);
                }
                else
                {
                    for (int c = 0; c < ch; c++)
                    {
                        int acc = half;
                        for (int j = 0; j < w.Length; j++) acc += s[j * ch + c] * w[j];
                        drow[x * ch + c] = Clip8(acc);
                    }
                }
            }
        }
    }

    /// <summary>Vertical pass: output rows [y0, y0 + count), columns [x0, x0 + width) of a source whose first row is source row <paramref name="srcRowOffset"/>.</summary>
    private static void Vertical(ReadOnlySpan<byte> src, int w, int ch, Span<byte> dst, int y0, int count, int srcRowOffset, int x0, int width, int[] bounds, int[] k, int kmax)
    {
        if (Avx2.IsSupported)
        {
            VerticalAvx2(src, w, ch, dst, y0, count, srcRowOffset, x0, width, bounds, k, kmax);
            return;
        }

        VerticalScalar(src, w, ch, dst, y0, count, srcRowOffset, x0, width, bounds, k, kmax);
    }

    /// <summary>
    /// The vertical pass eight samples at a time: each tap widens eight bytes to int32 and adds byte × weight; the sums
    /// are shifted and saturated to 0..255 as clip8 does. The last few samples of a row use the scalar loop.
    /// </summary>
    private static unsafe void VerticalAvx2(ReadOnlySpan<byte> src, int w, int ch, Span<byte> dst, int y0, int count, int srcRowOffset, int x0, int width, int[] bounds, int[] k, int kmax)
    {
        const int half = 1 << (PrecisionBits - 1);
        int stride = w * ch, outStride = width * ch;
        fixed (byte* sBase = src)
        fixed (byte* dBase = dst)
        fixed (int* kBase = k)
        {
            var start = Vector256.Create(half);
            for (int y = 0; y < count; y++)
            {
                int oy = y0 + y;
                int ymin = bounds[2 * oy] - srcRowOffset, n = bounds[2 * oy + 1];
                int* weights = kBase + (long)oy * kmax;
                byte* first = sBase + (long)ymin * stride + x0 * ch;
                byte* drow = dBase + (long)y * outStride;
                int i = 0;
                for (; i + 8 <= outStride; i += 8)
                {
                    var acc = start;
                    byte* p = first + i;
                    for (int j = 0; j < n; j++, p += stride)
                        acc = Avx2.Add(acc, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p), Vector256.Create(weights[j])));
                    var shifted = Avx2.ShiftRightArithmetic(acc, PrecisionBits);
                    var words = Sse2.PackSignedSaturate(shifted.GetLower(), shifted.GetUpper());
                    var bytes = Sse2.PackUnsignedSaturate(words, words);
                    *(ulong*)(drow + i) = bytes.AsUInt64().ToScalar();
                }

                for (; i < outStride; i++)
                {
                    int acc = half;
                    byte* p = first + i;
                    for (int j = 0; j < n; j++, p += stride) acc += *p * weights[j];
                    drow[i] = Clip8(acc);
                }
            }
        }
    }

    private static void VerticalScalar(ReadOnlySpan<byte> src, int w, int ch, Span<byte> dst, int y0, int count, int srcRowOffset, int x0, int width, int[] bounds, int[] k, int kmax)
    {
        const int half = 1 << (PrecisionBits - 1);
        int stride = w * ch, outStride = width * ch;
        int[] acc = ArrayPool<int>.Shared.Rent(outStride);
        try
        {
            for (int y = 0; y < count; y++)
            {
                int oy = y0 + y;
                int ymin = bounds[2 * oy] - srcRowOffset, n = bounds[2 * oy + 1];
                var weights = new ReadOnlySpan<int>(k, oy * kmax, n);
                var sums = acc.AsSpan(0, outStride);
                sums.Fill(half);
                // Row by row: each source row is read once, in order.
                for (int j = 0; j < n; j++)
                {
                    int wj = weights[j];
                    var srow = src.Slice((ymin + j) * stride + x0 * ch, outStride);
                    for (int i = 0; i < sums.Length; i++) sums[i] += srow[i] * wj;
                }

                var drow = dst.Slice(y * outStride, outStride);
                for (int i = 0; i < sums.Length; i++) drow[i] = Clip8(sums[i]);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(acc);
        }
    }
}

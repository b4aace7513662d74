using System;
using PreprocessGen.Config;

namespace PreprocessGen.Runtime.Tests;

/// <summary>
/// A plain, slow restatement of Pillow's 8-bit resize (SEMANTICS §4.2-§4.6), written for clarity rather than speed:
/// every output sample is computed on its own from freshly derived weights. The kernels under test must agree with it
/// byte for byte on any size.
/// </summary>
internal static class ScalarTwin
{
    public static byte[] Resize(byte[] src, int sw, int sh, int ch, int dw, int dh, Interpolation filter)
    {
        if (sw == dw && sh == dh) return (byte[])src.Clone();
        if (filter == Interpolation.Nearest) return Nearest(src, sw, sh, ch, dw, dh);
        byte[] afterH = src;
        int w = sw;
        if (dw != sw)
        {
            afterH = Pass(src, sw, sh, ch, dw, horizontal: true, filter);
            w = dw;
        }

        return dh != sh ? Pass(afterH, w, sh, ch, dh, horizontal: false, filter) : afterH;
    }

    private static byte[] Nearest(byte[] src, int sw, int sh, int ch, int dw, int dh)
    {
        var dst = new byte[dw * dh * ch];
        double sx = (double)sw / dw, sy = (double)sh / dh;
        double yo = 0.5 * sy;
        for (int y = 0; y < dh; y++, yo += sy)
        {
            double xo = 0.5 * sx;
            for (int x = 0; x < dw; x++, xo += sx)
                for (int c = 0; c < ch; c++)
                    dst[(y * dw + x) * ch + c] = src[(Math.Min(sh - 1, (int)yo) * sw + Math.Min(sw - 1, (int)xo)) * ch + c];
        }

        return dst;
    }

    private static byte[] Pass(byte[] src, int w, int h, int ch, int outSize, bool horizontal, Interpolation filter)
    {
        int inSize = horizontal ? w : h;
        int ow = horizontal ? outSize : w, oh = horizontal ? h : outSize;
        var dst = new byte[ow * oh * ch];
        for (int o = 0; o < outSize; o++)
        {
            var (first, weights) = Weights(inSize, outSize, o, filter);
            int lines = horizontal ? h : w;
            for (int line = 0; line < lines; line++)
                for (int c = 0; c < ch; c++)
                {
                    long acc = 1L << 21; // half of 2^22
                    for (int k = 0; k < weights.Length; k++)
                    {
                        int i = first + k;
                        int sample = horizontal ? src[(line * w + i) * ch + c] : src[(i * w + line) * ch + c];
                        acc += (long)sample * weights[k];
                    }

                    long v = acc >> 22;
                    byte b = (byte)Math.Clamp(v, 0, 255);
                    if (horizontal) dst[(line * ow + o) * ch + c] = b;
                    else dst[(o * ow + line) * ch + c] = b;
                }
        }

        return dst;
    }

    private static (int First, int[] Weights) Weights(int inSize, int outSize, int o, Interpolation filter)
    {
        double scale = (double)inSize / outSize;
        double fs = Math.Max(1.0, scale);
        double support = BaseSupport(filter) * fs;
        double center = (o + 0.5) * scale;
        int lo = Math.Max(0, (int)(center - support + 0.5));
        int hi = Math.Min(inSize, (int)(center + support + 0.5));
        var raw = new double[hi - lo];
        double total = 0;
        for (int i = lo; i < hi; i++)
        {
            raw[i - lo] = Kernel(filter, (i - center + 0.5) * (1.0 / fs)); // Pillow multiplies by the inverse scale
            total += raw[i - lo];
        }

        var fixedPoint = new int[raw.Length];
        for (int k = 0; k < raw.Length; k++)
        {
            double n = total == 0 ? raw[k] : raw[k] / total;
            fixedPoint[k] = (int)(n < 0 ? -0.5 + n * (1 << 22) : 0.5 + n * (1 << 22));
        }

        return (lo, fixedPoint);
    }

    private static double BaseSupport(Interpolation f) => f switch
    {
        Interpolation.Box => 0.5,
        Interpolation.Bilinear => 1.0,
        Interpolation.Hamming => 1.0,
        Interpolation.Bicubic => 2.0,
        Interpolation.Lanczos => 3.0,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    private static double Kernel(Interpolation f, double x)
    {
        double ax = Math.Abs(x);
        switch (f)
        {
            case Interpolation.Box:
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case Interpolation.Bilinear:
                return ax < 1.0 ? 1.0 - ax : 0.0;
            case Interpolation.Hamming:
                if (x == 0.0) return 1.0;
                if (ax >= 1.0) return 0.0;
                return Math.Sin(Math.PI * ax) / (Math.PI * ax) * ((double)0.54f + (double)0.46f * Math.Cos(Math.PI * ax)); // float constants, as in Pillow
            case Interpolation.Bicubic:
                const double a = -0.5;
                if (ax < 1.0) return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
                if (ax < 2.0) return (((ax - 5) * ax + 8) * ax - 4) * a;
                return 0.0;
            case Interpolation.Lanczos:
                if (x < -3.0 || x >= 3.0) return 0.0;
                return Sinc(x) * Sinc(x / 3.0);
            default:
                throw new ArgumentOutOfRangeException(nameof(f));
        }
    }

    private static double Sinc(double x) => x == 0.0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
}

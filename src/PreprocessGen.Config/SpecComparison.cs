using System.Collections.Generic;
using System.Globalization;

namespace PreprocessGen.Config;

/// <summary>Compares two specs field by field, for error messages that say exactly what disagrees.</summary>
public static class SpecComparison
{
    /// <summary>
    /// The fields that change the tensor and differ, each as <c>"field: a vs b"</c> in canonical-format names; empty
    /// when the two specs give the same pipeline. Labels (name, architecture, pretrained) are not compared.
    /// </summary>
    public static IReadOnlyList<string> Differences(PreprocessSpec a, PreprocessSpec b)
    {
        var d = new List<string>();
        void Add<T>(string field, T x, T y)
        {
            if (!EqualityComparer<T>.Default.Equals(x, y)) d.Add($"{field}: {Show(x)} vs {Show(y)}");
        }

        Add("rules", CanonicalFormat.RulesName(a.Rules), CanonicalFormat.RulesName(b.Rules));
        Add("image_size", $"{a.Height}x{a.Width}", $"{b.Height}x{b.Width}");
        Add("resize_mode", CanonicalFormat.ResizeModeName(a.ResizeMode), CanonicalFormat.ResizeModeName(b.ResizeMode));
        Add("resize_size", $"{a.ResizeHeight}x{a.ResizeWidth}", $"{b.ResizeHeight}x{b.ResizeWidth}");
        Add("interpolation", CanonicalFormat.InterpolationName(a.Interpolation), CanonicalFormat.InterpolationName(b.Interpolation));
        Add("mean", a.Mean, b.Mean);
        Add("mean_image", a.MeanImage, b.MeanImage);
        Add("std", a.Std, b.Std);
        Add("normalize", a.Normalize, b.Normalize);
        Add("rescale_factor", a.RescaleFactor, b.RescaleFactor);
        Add("fill_color", a.Fill, b.Fill);
        Add("convert_rgb", a.ConvertRgb, b.ConvertRgb);
        Add("channel_order", a.ChannelOrder, b.ChannelOrder);
        return d;
    }

    private static string Show<T>(T v) => v switch
    {
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        bool x => x ? "true" : "false",
        null => "null",
        _ => v.ToString()!,
    };
}

using System.Collections.Generic;
using System.Globalization;

namespace PreprocessGen.Config;

/// <summary>Says what a spec does, step by step, in plain words.</summary>
public static class SpecExplainer
{
    /// <summary>
    /// The steps in words, e.g. "shortest side to 224, bicubic; centre crop 224x224; convert to RGB; /255; normalize with
    /// mean [...] and std [...]; RGB planes (openclip rules)." The generated XML docs and <c>preprocessgen explain</c> say this.
    /// </summary>
    public static string Steps(PreprocessSpec s)
    {
        var parts = new List<string>();
        string interp = CanonicalFormat.InterpolationName(s.Interpolation);
        if (s.ConvertRgb && s.Rules != RulesFlavor.OpenClip) parts.Add("convert to RGB");
        switch (s.ResizeMode)
        {
            case ResizeMode.Shortest when s.ResizeWidth == s.ResizeHeight:
                parts.Add($"shortest side to {s.ResizeWidth}, {interp}");
                parts.Add($"centre crop {s.Width}x{s.Height}");
                break;
            case ResizeMode.Shortest:
                parts.Add($"cover {s.ResizeWidth}x{s.ResizeHeight} keeping the aspect ratio, {interp}");
                parts.Add($"centre crop {s.Width}x{s.Height}");
                break;
            case ResizeMode.Longest:
                parts.Add($"fit {s.ResizeWidth}x{s.ResizeHeight} keeping the aspect ratio, {interp}");
                parts.Add($"pad to {s.Width}x{s.Height} with {s.Fill}");
                break;
            default:
                parts.Add($"squash to {s.ResizeWidth}x{s.ResizeHeight}, {interp}");
                if (s.ResizeWidth != s.Width || s.ResizeHeight != s.Height) parts.Add($"centre crop {s.Width}x{s.Height}");
                break;
        }

        if (s.ConvertRgb && s.Rules == RulesFlavor.OpenClip) parts.Add("convert to RGB");
        parts.Add(s.RescaleFactor == PreprocessSpec.DefaultRescaleFactor ? "/255" : $"x{s.RescaleFactor.ToString("R", CultureInfo.InvariantCulture)}");
        if (s.Normalize) parts.Add(s.MeanImage is not null ? $"subtract the mean image, divide by std {s.Std}" : $"normalize with mean {s.Mean} and std {s.Std}");
        parts.Add(s.ChannelOrder == ChannelOrder.Bgr ? "BGR planes" : "RGB planes");
        return string.Join("; ", parts) + $" ({CanonicalFormat.RulesName(s.Rules)} rules).";
    }
}

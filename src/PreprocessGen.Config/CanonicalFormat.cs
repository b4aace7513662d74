using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using PreprocessGen.Config.Json;

namespace PreprocessGen.Config;

/// <summary>
/// The canonical <c>*.preprocess.json</c> format: reading (into <see cref="PreprocessSpec"/>) and writing (a stable,
/// diff-friendly text, so a file written by <see cref="Write"/> parses back and writes again byte for byte).
/// The JSON schema is <c>configs/preprocess.schema.json</c>.
/// </summary>
public static class CanonicalFormat
{
    /// <summary>The keys the format knows, in the order <see cref="Write"/> emits them.</summary>
    public static IReadOnlyList<string> Keys { get; } = new[]
    {
        "$schema", "name", "architecture", "pretrained", "rules", "image_size", "resize_mode", "resize_size",
        "interpolation", "mean", "mean_image", "std", "fill_color", "rescale_factor", "normalize", "convert_rgb", "channel_order",
    };

    /// <summary>The rules name used in the format.</summary>
    public static string RulesName(RulesFlavor rules) => rules switch
    {
        RulesFlavor.HuggingFace => "huggingface",
        RulesFlavor.Timm => "timm",
        _ => "openclip",
    };

    /// <summary>The interpolation name used in the format (Pillow's filter names, lower case).</summary>
    public static string InterpolationName(Interpolation value) => value.ToString().ToLowerInvariant();

    /// <summary>The resize mode name used in the format.</summary>
    public static string ResizeModeName(ResizeMode value) => value.ToString().ToLowerInvariant();

    internal static PreprocessSpec? Read(JsonNode root, ParseContext ctx)
    {
        foreach (var m in root.Members)
        {
            if (Array.IndexOf((string[])Keys, m.Key.Name) < 0)
            {
                string? near = Nearest(m.Key.Name);
                ctx.Report(ProblemCodes.UnknownKey, m.Key.Span, m.Key.Name, $"unknown key \"{m.Key.Name}\" in a canonical config",
                    near is null ? "remove it, or see configs/preprocess.schema.json for the keys" : $"did you mean \"{near}\"?", ProblemSeverity.Warning);
            }
        }

        var spec = new PreprocessSpec();
        spec = spec with
        {
            Name = ctx.ReadString(root.Get("name"), "name"),
            Architecture = ctx.ReadString(root.Get("architecture"), "architecture"),
            Pretrained = ctx.ReadString(root.Get("pretrained"), "pretrained"),
        };

        if (root.TryGet("rules", out var rulesNode, out _) && ctx.ReadString(rulesNode, "rules") is string rules)
        {
            switch (rules.ToLowerInvariant())
            {
                case "openclip": spec = spec with { Rules = RulesFlavor.OpenClip }; break;
                case "huggingface": case "hf": spec = spec with { Rules = RulesFlavor.HuggingFace }; break;
                case "timm": spec = spec with { Rules = RulesFlavor.Timm }; break;
                default:
                    ctx.Report(ProblemCodes.InvalidValue, rulesNode.Span, "rules", $"unknown rules \"{rules}\"", "write \"openclip\", \"huggingface\" or \"timm\"");
                    break;
            }
        }

        (int H, int W)? size = null;
        if (!root.TryGet("image_size", out var sizeNode, out _))
        {
            ctx.Report(ProblemCodes.InvalidValue, new TextSpan(root.Span.Start, 1), "image_size", "the required key \"image_size\" is missing", "add \"image_size\": 224 (or [height, width])");
        }
        else
        {
            size = ctx.ReadSizePair(sizeNode, "image_size");
        }

        if (root.TryGet("resize_mode", out var modeNode, out _) && ctx.ReadString(modeNode, "resize_mode") is string mode)
        {
            switch (mode.ToLowerInvariant())
            {
                case "shortest": spec = spec with { ResizeMode = ResizeMode.Shortest }; break;
                case "longest": spec = spec with { ResizeMode = ResizeMode.Longest }; break;
                case "squash": spec = spec with { ResizeMode = ResizeMode.Squash }; break;
                default:
                    ctx.Report(ProblemCodes.InvalidValue, modeNode.Span, "resize_mode", $"unknown resize mode \"{mode}\"", "write \"shortest\", \"longest\" or \"squash\"");
                    break;
            }
        }

        if (root.TryGet("interpolation", out var interpNode, out _) && ctx.ReadString(interpNode, "interpolation") is string interp)
        {
            if (ParseContext.ParseInterpolationName(interp, out var value)) spec = spec with { Interpolation = value };
            else ctx.Report(ProblemCodes.InvalidValue, interpNode.Span, "interpolation", $"unknown interpolation \"{interp}\"", "write one of \"bicubic\", \"bilinear\", \"nearest\", \"lanczos\", \"box\", \"hamming\"");
        }

        if (root.TryGet("mean_image", out var meanImageNode, out _) && ctx.ReadString(meanImageNode, "mean_image") is string meanImage)
        {
            if (meanImage.Length == 0)
            {
                ctx.Report(ProblemCodes.InvalidValue, meanImageNode.Span, "mean_image", "mean_image is empty", "name a float32 .npy file of shape [3, height, width], relative to this config");
            }
            else
            {
                // A path relative to the config file, or a data: URI holding the .npy bytes (as embedded in a model).
                bool inline = meanImage.StartsWith("data:", StringComparison.Ordinal);
                if (!inline && !System.IO.Path.IsPathRooted(meanImage) && ctx.FilePath is string cfgPath && System.IO.Path.GetDirectoryName(cfgPath) is string dir && dir.Length > 0)
                    meanImage = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, meanImage));
                spec = spec with { MeanImage = meanImage, Mean = new Rgb(0, 0, 0) };
            }
        }

        foreach (var (key, isStd) in new[] { ("mean", false), ("std", true) })
        {
            if (!root.TryGet(key, out var node, out _))
            {
                if (!isStd && spec.MeanImage is not null) continue; // the mean image replaces the per-channel mean
                ctx.Report(ProblemCodes.InvalidValue, new TextSpan(root.Span.Start, 1), key, $"the required key \"{key}\" is missing",
                    isStd ? "add \"std\": [r, g, b], e.g. [0.26862954, 0.26130258, 0.27577711]" : "add \"mean\": [r, g, b], e.g. [0.48145466, 0.4578275, 0.40821073]");
                continue;
            }

            if (ctx.ReadRgb(node, key, isStd, allowScalar: false) is Rgb v) spec = isStd ? spec with { Std = v } : spec with { Mean = v };
        }

        if (spec.MeanImage is not null && spec.Mean != new Rgb(0, 0, 0))
            ctx.Report(ProblemCodes.InvalidValue, root.Get("mean")!.Span, "mean", "both mean and mean_image are given; the mean image replaces the per-channel mean", "remove \"mean\" (or set it to [0, 0, 0])");

        if (root.TryGet("fill_color", out var fillNode, out _) && ctx.ReadFill(fillNode, "fill_color") is Rgb24 fill) spec = spec with { Fill = fill };
        if (root.TryGet("rescale_factor", out var rescaleNode, out _) && ctx.ReadPositive(rescaleNode, "rescale_factor", 1.0, "0.00392156862745098") is double r) spec = spec with { RescaleFactor = r };
        spec = spec with
        {
            Normalize = ctx.ReadBool(root.Get("normalize"), "normalize", true),
            ConvertRgb = ctx.ReadBool(root.Get("convert_rgb"), "convert_rgb", true),
        };

        if (root.TryGet("channel_order", out var orderNode, out _) && ctx.ReadString(orderNode, "channel_order") is string order)
        {
            switch (order.ToLowerInvariant())
            {
                case "rgb": spec = spec with { ChannelOrder = ChannelOrder.Rgb }; break;
                case "bgr": spec = spec with { ChannelOrder = ChannelOrder.Bgr }; break;
                default:
                    ctx.Report(ProblemCodes.InvalidValue, orderNode.Span, "channel_order", $"unknown channel order \"{order}\"", "write \"rgb\" or \"bgr\"");
                    break;
            }
        }

        if (size is null) return null;
        spec = spec with { Height = size.Value.H, Width = size.Value.W };
        var (rh, rw) = DefaultResize(spec.ResizeMode, size.Value.H, size.Value.W);
        if (root.TryGet("resize_size", out var resizeNode, out _))
        {
            var rs = ctx.ReadSizePair(resizeNode, "resize_size");
            if (rs is null) return null;
            (rh, rw) = rs.Value;
        }

        spec = spec with { ResizeHeight = rh, ResizeWidth = rw };
        return Validate(spec, ctx, resizeNode ?? sizeNode) ? spec : null;
    }

    internal static (int H, int W) DefaultResize(ResizeMode mode, int h, int w) => mode switch
    {
        ResizeMode.Shortest => (h, w),
        ResizeMode.Longest => (h, w),
        _ => (h, w),
    };

    /// <summary>Geometry checks shared by every dialect.</summary>
    internal static bool Validate(PreprocessSpec spec, ParseContext ctx, JsonNode? at)
    {
        var span = at?.Span ?? new TextSpan(0, 0);
        switch (spec.ResizeMode)
        {
            case ResizeMode.Shortest when spec.ResizeWidth == spec.ResizeHeight && spec.ResizeWidth < Math.Max(spec.Width, spec.Height):
            case ResizeMode.Shortest when spec.ResizeWidth != spec.ResizeHeight && (spec.ResizeWidth < spec.Width || spec.ResizeHeight < spec.Height):
            case ResizeMode.Squash when spec.ResizeWidth < spec.Width || spec.ResizeHeight < spec.Height:
                ctx.Report(ProblemCodes.InvalidValue, span, at is null ? "" : "resize_size",
                    $"the crop ({spec.Width}x{spec.Height}) is larger than the resized image ({spec.ResizeWidth}x{spec.ResizeHeight}), so it would pad instead of crop",
                    "make resize_size at least the image_size, or remove resize_size");
                return false;
            // Longest: a fit box larger than the output is legal (timm border with crop_pct < 1): pad, then centre-crop.
        }

        return true;
    }

    /// <summary>Writes <paramref name="spec"/> in the canonical format. Defaults are omitted except the core fields.</summary>
    public static string Write(PreprocessSpec spec, string? schema = null)
    {
        if (spec is null) throw new ArgumentNullException(nameof(spec));
        var sb = new StringBuilder();
        sb.Append("{\n");
        var lines = new List<string>();
        if (schema is not null) lines.Add($"\"$schema\": {Quote(schema)}");
        if (spec.Name is not null) lines.Add($"\"name\": {Quote(spec.Name)}");
        if (spec.Architecture is not null) lines.Add($"\"architecture\": {Quote(spec.Architecture)}");
        if (spec.Pretrained is not null) lines.Add($"\"pretrained\": {Quote(spec.Pretrained)}");
        lines.Add($"\"rules\": \"{RulesName(spec.Rules)}\"");
        lines.Add($"\"image_size\": {Size(spec.Height, spec.Width)}");
        lines.Add($"\"resize_mode\": \"{ResizeModeName(spec.ResizeMode)}\"");
        if ((spec.ResizeHeight, spec.ResizeWidth) != DefaultResize(spec.ResizeMode, spec.Height, spec.Width))
        {
            lines.Add($"\"resize_size\": {Size(spec.ResizeHeight, spec.ResizeWidth)}");
        }

        lines.Add($"\"interpolation\": \"{InterpolationName(spec.Interpolation)}\"");
        if (spec.MeanImage is null) lines.Add($"\"mean\": [{Number(spec.Mean.R)}, {Number(spec.Mean.G)}, {Number(spec.Mean.B)}]");
        lines.Add($"\"std\": [{Number(spec.Std.R)}, {Number(spec.Std.G)}, {Number(spec.Std.B)}]");
        if (spec.ResizeMode == ResizeMode.Longest || spec.Fill != default) lines.Add($"\"fill_color\": {spec.Fill}");
        if (spec.RescaleFactor != PreprocessSpec.DefaultRescaleFactor) lines.Add($"\"rescale_factor\": {Number(spec.RescaleFactor)}");
        if (!spec.Normalize) lines.Add("\"normalize\": false");
        if (spec.MeanImage is not null) lines.Add($"\"mean_image\": {Quote(spec.MeanImage)}");
        if (!spec.ConvertRgb) lines.Add("\"convert_rgb\": false");
        if (spec.ChannelOrder != ChannelOrder.Rgb) lines.Add("\"channel_order\": \"bgr\"");
        for (int i = 0; i < lines.Count; i++) sb.Append("  ").Append(lines[i]).Append(i + 1 < lines.Count ? ",\n" : "\n");
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Size(int h, int w) => h == w ? h.ToString(CultureInfo.InvariantCulture) : $"[{h}, {w}]";

    /// <summary>Formats a number the way Python's <c>repr(float)</c> does for ordinary values (shortest round-trip, at least one decimal).</summary>
    internal static string Number(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        if (s.IndexOf('E') >= 0)
        {
            // 1E-05 -> 1e-05 like Python
            int e = s.IndexOf('E');
            string mant = s.Substring(0, e), exp = s.Substring(e + 1);
            string sign = exp.StartsWith("-", StringComparison.Ordinal) ? "-" : "+";
            exp = exp.TrimStart('+', '-').PadLeft(2, '0');
            return mant + "e" + sign + exp;
        }

        return s.IndexOf('.') >= 0 ? s : s + ".0";
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static string? Nearest(string key)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (string k in Keys)
        {
            int d = Distance(key.ToLowerInvariant(), k);
            if (d < bestDistance) { bestDistance = d; best = k; }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}

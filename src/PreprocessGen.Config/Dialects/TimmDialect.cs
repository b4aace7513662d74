using System;
using PreprocessGen.Config.Json;

namespace PreprocessGen.Config.Dialects;

/// <summary>
/// timm <c>pretrained_cfg</c> (as in a Hub <c>config.json</c>, or flat): <c>input_size</c>, <c>interpolation</c>, <c>mean</c>,
/// <c>std</c>, <c>crop_pct</c>, <c>crop_mode</c>, mapped as <c>transforms_imagenet_eval</c> builds the eval transform.
/// </summary>
internal static class TimmDialect
{
    public static PreprocessSpec? Read(JsonNode root, ParseContext ctx)
    {
        JsonNode cfg = root;
        string prefix = "";
        if (root.Get("pretrained_cfg") is JsonNode inner)
        {
            if (inner.Kind != JsonKind.Object)
            {
                ctx.WrongType(inner, "pretrained_cfg", "an object", "write \"pretrained_cfg\": { \"input_size\": [3, 224, 224], ... }");
                return null;
            }

            cfg = inner;
            prefix = "pretrained_cfg";
        }

        string F(string k) => ParseContext.Join(prefix, k);
        int h = 224, w = 224;
        if (cfg.Get("input_size") is JsonNode sizeNode && sizeNode.Kind != JsonKind.Null)
        {
            if (sizeNode.Kind != JsonKind.Array || sizeNode.Items.Count != 3)
            {
                ctx.Report(ProblemCodes.InvalidValue, sizeNode.Span, F("input_size"), "'input_size' must be [channels, height, width]", "write e.g. \"input_size\": [3, 224, 224]");
                return null;
            }

            if (!sizeNode.Items[0].IsInteger(out int c) || c != 3)
            {
                ctx.Report(ProblemCodes.Unsupported, sizeNode.Items[0].Span, F("input_size[0]"), "only 3-channel models are supported", "write 3 as the channel count");
                return null;
            }

            int? hh = ctx.ReadSize(sizeNode.Items[1], F("input_size[1]"));
            int? ww = ctx.ReadSize(sizeNode.Items[2], F("input_size[2]"));
            if (hh is null || ww is null) return null;
            (h, w) = (hh.Value, ww.Value);
        }

        var spec = new PreprocessSpec { Rules = RulesFlavor.Timm, Height = h, Width = w, Mean = Rgb.ImageNetMean, Std = Rgb.ImageNetStd, ConvertRgb = false };
        if (cfg.TryGet("interpolation", out var interpNode, out _) && ctx.ReadString(interpNode, F("interpolation")) is string interp)
        {
            if (ParseContext.ParseInterpolationName(interp, out var v)) spec = spec with { Interpolation = v };
            else ctx.Report(ProblemCodes.InvalidValue, interpNode.Span, F("interpolation"), $"unknown interpolation \"{interp}\"", "write \"bicubic\", \"bilinear\", \"nearest\", \"lanczos\", \"box\" or \"hamming\"");
        }

        if (cfg.Get("mean") is JsonNode meanNode && meanNode.Kind != JsonKind.Null && ctx.ReadRgb(meanNode, F("mean"), false, allowScalar: true) is Rgb mean) spec = spec with { Mean = mean };
        if (cfg.Get("std") is JsonNode stdNode && stdNode.Kind != JsonKind.Null && ctx.ReadRgb(stdNode, F("std"), true, allowScalar: true) is Rgb std) spec = spec with { Std = std };

        double cropPct = 0.875;
        JsonNode? pctNode = cfg.Get("crop_pct");
        if (pctNode is not null && pctNode.Kind != JsonKind.Null)
        {
            if (ctx.ReadPositive(pctNode, F("crop_pct"), 1.0, "0.875") is not double pct) return null;
            cropPct = pct;
        }

        string cropMode = "center";
        JsonNode? modeNode = cfg.Get("crop_mode");
        if (modeNode is not null && ctx.ReadString(modeNode, F("crop_mode")) is string cm) cropMode = cm;

        int sh = (int)Math.Floor(h / cropPct), sw = (int)Math.Floor(w / cropPct);
        switch (cropMode)
        {
            case "center":
                // Square scale: torchvision Resize(int) on the short side. Otherwise timm builds ResizeKeepRatio(scale_size)
                // without passing the interpolation, so it resizes bilinear whatever the config says.
                spec = spec with { ResizeMode = ResizeMode.Shortest, ResizeHeight = sh, ResizeWidth = sw };
                if (sh != sw) spec = spec with { Interpolation = Interpolation.Bilinear };
                break;
            case "squash":
                spec = spec with { ResizeMode = ResizeMode.Squash, ResizeHeight = sh, ResizeWidth = sw };
                break;
            case "border":
                // ResizeKeepRatio(scale_size, longest=1) fits the scale box, then CenterCropOrPad(input_size) pads where
                // the image is smaller and centre-crops where it is larger; fill = round(255 * mean).
                spec = spec with
                {
                    ResizeMode = ResizeMode.Longest, ResizeHeight = sh, ResizeWidth = sw,
                    Fill = new Rgb24(RoundHalfEven(spec.Mean.R), RoundHalfEven(spec.Mean.G), RoundHalfEven(spec.Mean.B)),
                };

                break;
            default:
                ctx.Report(ProblemCodes.InvalidValue, modeNode!.Span, F("crop_mode"), $"unknown crop_mode \"{cropMode}\"", "write \"center\", \"squash\" or \"border\"");
                return null;
        }

        return spec;
    }

    private static byte RoundHalfEven(double m)
    {
        double v = Math.Round(255 * m, MidpointRounding.ToEven);
        return (byte)Math.Max(0, Math.Min(255, v));
    }
}

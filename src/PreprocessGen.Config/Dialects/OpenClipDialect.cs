using PreprocessGen.Config.Json;

namespace PreprocessGen.Config.Dialects;

/// <summary>
/// OpenCLIP <c>open_clip_config.json</c> (<c>model_cfg.vision_cfg.image_size</c> + <c>preprocess_cfg</c>) and the flat
/// <c>preprocess_cfg</c> dump exporters write. Missing keys and nulls take <c>PreprocessCfg</c>'s defaults; unknown keys
/// are ignored, as OpenCLIP's <c>merge_preprocess_dict</c> does.
/// </summary>
internal static class OpenClipDialect
{
    public static PreprocessSpec? Read(JsonNode root, ParseContext ctx, bool flat)
    {
        JsonNode? cfg = root;
        string prefix = "";
        (int H, int W) size = (224, 224);
        if (!flat)
        {
            prefix = "preprocess_cfg";
            cfg = root.Get("preprocess_cfg");
            if (cfg is not null && cfg.Kind == JsonKind.Null) cfg = null;
            if (cfg is not null && cfg.Kind != JsonKind.Object)
            {
                ctx.WrongType(cfg, "preprocess_cfg", "an object", "write \"preprocess_cfg\": { \"mean\": [...], \"std\": [...] }");
                return null;
            }

            // OpenCLIP always takes the size from the model (model.visual.image_size), never from preprocess_cfg.size.
            var model = root.Get("model_cfg");
            if (model is not null && model.Kind != JsonKind.Object && model.Kind != JsonKind.Null)
            {
                ctx.WrongType(model, "model_cfg", "an object", "write the model config as an object");
                return null;
            }

            var vision = model?.Get("vision_cfg");
            if (vision is not null && vision.Kind != JsonKind.Object && vision.Kind != JsonKind.Null)
            {
                ctx.WrongType(vision, "model_cfg.vision_cfg", "an object", "write the vision config as an object");
                return null;
            }

            var sizeNode = vision?.Get("image_size");
            if (sizeNode is not null && sizeNode.Kind != JsonKind.Null)
            {
                var s = ctx.ReadSizePair(sizeNode, "model_cfg.vision_cfg.image_size");
                if (s is null) return null;
                size = s.Value;
            }
        }
        else if (root.Get("size") is JsonNode sizeNode && sizeNode.Kind != JsonKind.Null)
        {
            var s = ctx.ReadSizePair(sizeNode, "size");
            if (s is null) return null;
            size = s.Value;
        }

        var spec = new PreprocessSpec { Rules = RulesFlavor.OpenClip, Height = size.H, Width = size.W };
        if (cfg is not null)
        {
            if (ctx.ReadString(cfg.Get("mode"), ParseContext.Join(prefix, "mode")) is string mode && mode != "RGB")
            {
                ctx.Report(ProblemCodes.Unsupported, cfg.Get("mode")!.Span, ParseContext.Join(prefix, "mode"), $"mode \"{mode}\" is not supported; OpenCLIP only accepts \"RGB\"", "write \"mode\": \"RGB\" or remove the key");
            }

            spec = ReadRgb(cfg, ctx, prefix, "mean", false, spec);
            spec = ReadRgb(cfg, ctx, prefix, "std", true, spec);
            if (cfg.TryGet("interpolation", out var interpNode, out _) && ctx.ReadString(interpNode, ParseContext.Join(prefix, "interpolation")) is string interp)
            {
                switch (interp)
                {
                    case "bicubic": case "random": spec = spec with { Interpolation = Interpolation.Bicubic }; break;
                    case "bilinear": spec = spec with { Interpolation = Interpolation.Bilinear }; break;
                    default:
                        ctx.Report(ProblemCodes.InvalidValue, interpNode.Span, ParseContext.Join(prefix, "interpolation"),
                            $"interpolation \"{interp}\" is not accepted by OpenCLIP's eval transform", "write \"bicubic\" or \"bilinear\"");
                        break;
                }
            }

            if (cfg.TryGet("resize_mode", out var modeNode, out _) && ctx.ReadString(modeNode, ParseContext.Join(prefix, "resize_mode")) is string rm)
            {
                switch (rm)
                {
                    case "shortest": spec = spec with { ResizeMode = ResizeMode.Shortest }; break;
                    case "longest": spec = spec with { ResizeMode = ResizeMode.Longest }; break;
                    case "squash": spec = spec with { ResizeMode = ResizeMode.Squash }; break;
                    default:
                        ctx.Report(ProblemCodes.InvalidValue, modeNode.Span, ParseContext.Join(prefix, "resize_mode"), $"unknown resize_mode \"{rm}\"", "write \"shortest\", \"longest\" or \"squash\"");
                        break;
                }
            }

            if (cfg.TryGet("fill_color", out var fillNode, out _) && fillNode.Kind != JsonKind.Null)
            {
                if (ctx.ReadFill(fillNode, ParseContext.Join(prefix, "fill_color")) is Rgb24 fill) spec = spec with { Fill = fill };
            }
        }

        var (rh, rw) = CanonicalFormat.DefaultResize(spec.ResizeMode, spec.Height, spec.Width);
        if (spec.ResizeMode == ResizeMode.Shortest && spec.Height != spec.Width)
        {
            // OpenCLIP's non-square shortest path (ResizeKeepRatio) does not pass the configured interpolation: it is
            // always bicubic.
            spec = spec with { Interpolation = Interpolation.Bicubic };
        }

        return spec with { ResizeHeight = rh, ResizeWidth = rw };
    }

    private static PreprocessSpec ReadRgb(JsonNode cfg, ParseContext ctx, string prefix, string key, bool isStd, PreprocessSpec spec)
    {
        if (!cfg.TryGet(key, out var node, out _) || node.Kind == JsonKind.Null) return spec;
        // An empty list is falsy in Python: OpenCLIP falls back to the OpenAI values.
        if (node.Kind == JsonKind.Array && node.Items.Count == 0) return spec;
        var v = ctx.ReadRgb(node, ParseContext.Join(prefix, key), isStd, allowScalar: true);
        if (v is null) return spec;
        return isStd ? spec with { Std = v.Value } : spec with { Mean = v.Value };
    }
}

using PreprocessGen.Config.Json;

namespace PreprocessGen.Config.Dialects;

/// <summary>
/// Hugging Face <c>preprocessor_config.json</c> for the processors whose slow (PIL) path reduces to resize, crop, rescale
/// and normalize: CLIPImageProcessor (and the legacy CLIPFeatureExtractor), SiglipImageProcessor, ViTImageProcessor and
/// BlipImageProcessor. Every other processor is rejected with <see cref="ProblemCodes.Unsupported"/>, naming it.
/// </summary>
internal static class HuggingFaceDialect
{
    private enum Kind { Clip, Siglip, Vit, Blip }

    public static PreprocessSpec? Read(JsonNode root, ParseContext ctx)
    {
        string? type = ctx.ReadString(root.Get("image_processor_type"), "image_processor_type");
        JsonNode? typeNode = root.Get("image_processor_type");
        string typeField = "image_processor_type";
        string? shown = type;
        if (type is null)
        {
            string? fe = ctx.ReadString(root.Get("feature_extractor_type"), "feature_extractor_type");
            if (fe is not null)
            {
                type = fe.EndsWith("FeatureExtractor", System.StringComparison.Ordinal) ? fe.Substring(0, fe.Length - "FeatureExtractor".Length) + "ImageProcessor" : fe;
                typeNode = root.Get("feature_extractor_type");
                typeField = "feature_extractor_type";
                shown = fe;
            }
        }

        if (type is null)
        {
            ctx.Report(ProblemCodes.InvalidValue, new TextSpan(root.Span.Start, 1), "image_processor_type",
                "the processor class is not named (neither \"image_processor_type\" nor \"feature_extractor_type\" is set)",
                "add \"image_processor_type\": \"CLIPImageProcessor\" (or the class the model uses)");
            return null;
        }

        string baseType = type.EndsWith("Fast", System.StringComparison.Ordinal) ? type.Substring(0, type.Length - 4) : type;
        Kind kind;
        switch (baseType)
        {
            case "CLIPImageProcessor": kind = Kind.Clip; break;
            case "SiglipImageProcessor": kind = Kind.Siglip; break;
            case "ViTImageProcessor": kind = Kind.Vit; break;
            case "BlipImageProcessor": kind = Kind.Blip; break;
            default:
                ctx.Report(ProblemCodes.Unsupported, typeNode!.Span, typeField, $"the image processor \"{shown}\" cannot be reproduced exactly{Why(baseType)}",
                    "export a canonical *.preprocess.json for the model, or use a CLIP, SigLIP, ViT or BLIP processor config");
                return null;
        }

        if (!ctx.ReadBool(root.Get("do_resize"), "do_resize", true))
        {
            ctx.Report(ProblemCodes.Unsupported, root.Get("do_resize")!.Span, "do_resize", "do_resize is false, so the output size depends on each input image", "set \"do_resize\": true; a model input needs a fixed size");
            return null;
        }

        var spec = new PreprocessSpec
        {
            Rules = RulesFlavor.HuggingFace,
            Mean = kind is Kind.Clip or Kind.Blip ? Rgb.OpenAiMean : Rgb.Half,
            Std = kind is Kind.Clip or Kind.Blip ? Rgb.OpenAiStd : Rgb.Half,
            Interpolation = kind == Kind.Vit ? Interpolation.Bilinear : Interpolation.Bicubic,
            // transformers 5.x class defaults: CLIP, BLIP and SigLIP convert to RGB (SigLIP did not in 4.x).
            ConvertRgb = kind is Kind.Clip or Kind.Blip or Kind.Siglip,
        };

        // do_convert_rgb: absent or null -> the class default (5.x sets a None keyword to the class attribute).
        if (root.TryGet("do_convert_rgb", out var rgbNode, out _) && rgbNode.Kind != JsonKind.Null)
        {
            spec = spec with { ConvertRgb = ctx.ReadBool(rgbNode, "do_convert_rgb", spec.ConvertRgb) };
        }

        if (root.TryGet("resample", out var resampleNode, out _) && resampleNode.Kind != JsonKind.Null)
        {
            if (resampleNode.IsInteger(out int code) && code >= 0 && code <= 5) spec = spec with { Interpolation = (Interpolation)code };
            else if (resampleNode.Kind != JsonKind.Number) ctx.WrongType(resampleNode, "resample", "a PIL filter code 0..5", "write e.g. \"resample\": 3 (bicubic)");
            else ctx.Report(ProblemCodes.InvalidValue, resampleNode.Span, "resample", $"resample {resampleNode.Raw} is not a PIL filter code", "write 0 (nearest), 1 (lanczos), 2 (bilinear), 3 (bicubic), 4 (box) or 5 (hamming)");
        }

        if (root.TryGet("image_mean", out var meanNode, out _) && meanNode.Kind != JsonKind.Null && ctx.ReadRgb(meanNode, "image_mean", false, allowScalar: true) is Rgb mean) spec = spec with { Mean = mean };
        if (root.TryGet("image_std", out var stdNode, out _) && stdNode.Kind != JsonKind.Null && ctx.ReadRgb(stdNode, "image_std", true, allowScalar: true) is Rgb std) spec = spec with { Std = std };
        spec = spec with { Normalize = ctx.ReadBool(root.Get("do_normalize"), "do_normalize", true) };
        bool rescale = ctx.ReadBool(root.Get("do_rescale"), "do_rescale", true);
        double factor = PreprocessSpec.DefaultRescaleFactor;
        if (root.TryGet("rescale_factor", out var factorNode, out _) && factorNode.Kind != JsonKind.Null && ctx.ReadPositive(factorNode, "rescale_factor", 1.0, "0.00392156862745098") is double f) factor = f;
        spec = spec with { RescaleFactor = rescale ? factor : 1.0 };

        // size
        (string Kind, int H, int W)? size = ReadSizeDict(root, ctx, "size", defaultToSquare: kind is Kind.Vit or Kind.Blip);
        if (ctx.HasErrors) return null;
        size ??= kind == Kind.Clip ? ("shortest", 224, 224) : ("square", 224, 224);
        if (kind == Kind.Clip && size.Value.Kind == "shortest" && ctx.ReadBool(root.Get("use_square_size"), "use_square_size", false))
        {
            size = ("square", size.Value.H, size.Value.H);
        }

        JsonNode sizeAt = root.Get("size") ?? root;
        if (kind != Kind.Clip && size.Value.Kind != "square")
        {
            ctx.Report(ProblemCodes.Unsupported, sizeAt.Span, "size", $"{type} resizes to {{\"height\", \"width\"}}; a shortest_edge size is not supported by it", "write \"size\": {\"height\": 224, \"width\": 224}");
            return null;
        }

        if (size.Value.Kind == "shortest")
        {
            spec = spec with { ResizeMode = ResizeMode.Shortest, ResizeHeight = size.Value.H, ResizeWidth = size.Value.H };
        }
        else
        {
            spec = spec with { ResizeMode = ResizeMode.Squash, ResizeHeight = size.Value.H, ResizeWidth = size.Value.W };
        }

        bool crop = kind == Kind.Clip && ctx.ReadBool(root.Get("do_center_crop"), "do_center_crop", true);
        if (crop)
        {
            var cropSize = ReadSizeDict(root, ctx, "crop_size", defaultToSquare: true);
            if (ctx.HasErrors) return null;
            var c = cropSize ?? ("square", 224, 224);
            if (c.Kind != "square")
            {
                ctx.Report(ProblemCodes.InvalidValue, root.Get("crop_size")!.Span, "crop_size", "crop_size must be {\"height\", \"width\"} or one number", "write \"crop_size\": {\"height\": 224, \"width\": 224}");
                return null;
            }

            // A crop larger than the resized image is legal here: transformers zero-pads it (the odd pixel top/left).
            spec = spec with { Height = c.H, Width = c.W };
        }
        else if (spec.ResizeMode == ResizeMode.Shortest)
        {
            ctx.Report(ProblemCodes.InvalidValue, (root.Get("do_center_crop") ?? sizeAt).Span, "do_center_crop",
                "a shortest_edge resize without a centre crop gives a different output size for each aspect ratio", "set \"do_center_crop\": true with a crop_size, or resize to {\"height\", \"width\"}");
            return null;
        }
        else
        {
            spec = spec with { Height = spec.ResizeHeight, Width = spec.ResizeWidth };
        }

        return spec;
    }

    private static string Why(string type) => type switch
    {
        "LlavaNextImageProcessor" => " (any-resolution tiling picks a grid per image)",
        "Qwen2VLImageProcessor" => " (dynamic resolution and patch merging)",
        "Siglip2ImageProcessor" => " (NaFlex: variable patch counts)",
        "Idefics2ImageProcessor" or "Idefics3ImageProcessor" => " (image splitting)",
        _ => "; supported: CLIPImageProcessor, SiglipImageProcessor, ViTImageProcessor, BlipImageProcessor",
    };

    /// <summary>Normalises a size like transformers' <c>get_size_dict</c>.</summary>
    private static (string Kind, int H, int W)? ReadSizeDict(JsonNode root, ParseContext ctx, string key, bool defaultToSquare)
    {
        if (!root.TryGet(key, out var node, out _) || node.Kind == JsonKind.Null) return null;
        if (node.Kind == JsonKind.Number)
        {
            int? n = ctx.ReadSize(node, key);
            if (n is null) return null;
            return defaultToSquare ? ("square", n.Value, n.Value) : ("shortest", n.Value, n.Value);
        }

        if (node.Kind == JsonKind.Array)
        {
            var hw = ctx.ReadSizePair(node, key);
            return hw is null ? null : ("square", hw.Value.H, hw.Value.W);
        }

        if (node.Kind != JsonKind.Object)
        {
            ctx.WrongType(node, key, "an object such as {\"height\": 224, \"width\": 224}", $"write \"{key}\": {{\"height\": 224, \"width\": 224}}");
            return null;
        }

        var h = node.Get("height");
        var w = node.Get("width");
        var s = node.Get("shortest_edge");
        if (h is not null && w is not null && s is null)
        {
            int? hh = ctx.ReadSize(h, key + ".height"), ww = ctx.ReadSize(w, key + ".width");
            return hh is null || ww is null ? null : ("square", hh.Value, ww.Value);
        }

        if (s is not null && h is null && w is null)
        {
            if (node.Get("longest_edge") is JsonNode le && le.Kind != JsonKind.Null)
            {
                ctx.Report(ProblemCodes.Unsupported, le.Span, key + ".longest_edge", "a size with both shortest_edge and longest_edge is not supported", "remove longest_edge");
                return null;
            }

            int? ss = ctx.ReadSize(s, key + ".shortest_edge");
            return ss is null ? null : ("shortest", ss.Value, ss.Value);
        }

        ctx.Report(ProblemCodes.InvalidValue, node.Span, key, $"'{key}' must have either height and width, or shortest_edge", $"write \"{key}\": {{\"height\": 224, \"width\": 224}} or {{\"shortest_edge\": 224}}");
        return null;
    }
}

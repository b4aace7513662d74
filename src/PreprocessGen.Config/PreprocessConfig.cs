using System;
using System.Collections.Generic;
using System.IO;
using PreprocessGen.Config.Dialects;
using PreprocessGen.Config.Json;

namespace PreprocessGen.Config;

/// <summary>The config dialects PreprocessGen reads.</summary>
public enum ConfigDialect
{
    /// <summary>Not recognised.</summary>
    Unknown,
    /// <summary>Our canonical <c>*.preprocess.json</c>.</summary>
    Canonical,
    /// <summary>OpenCLIP <c>open_clip_config.json</c>.</summary>
    OpenClip,
    /// <summary>A flat OpenCLIP <c>preprocess_cfg</c> dump (<c>preprocess_cfg.json</c>).</summary>
    OpenClipPreprocessCfg,
    /// <summary>Hugging Face <c>preprocessor_config.json</c>.</summary>
    HuggingFace,
    /// <summary>timm <c>pretrained_cfg</c> (or a Hub <c>config.json</c> holding one).</summary>
    Timm,
}

/// <summary>The outcome of parsing a config: the spec (null when there are errors) and every problem found.</summary>
public sealed class ConfigParseResult
{
    internal ConfigParseResult(PreprocessSpec? spec, ConfigDialect dialect, IReadOnlyList<ConfigProblem> problems)
    {
        Spec = spec;
        Dialect = dialect;
        Problems = problems;
    }

    /// <summary>The spec, or null when an error was found.</summary>
    public PreprocessSpec? Spec { get; }

    /// <summary>The dialect the file was read as.</summary>
    public ConfigDialect Dialect { get; }

    /// <summary>Every problem (errors and warnings), in file order of discovery.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; }

    /// <summary>True when a spec was produced.</summary>
    public bool Success => Spec is not null;
}

/// <summary>Entry point: parse any supported config text or file into a <see cref="PreprocessSpec"/>. Never throws on bad content.</summary>
public static class PreprocessConfig
{
    /// <summary>Parses <paramref name="text"/>. <paramref name="path"/> names the file in problems and helps detect the dialect.</summary>
    public static ConfigParseResult Parse(string text, string? path = null, ConfigDialect dialect = ConfigDialect.Unknown)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var ctx = new ParseContext(text, path);
        if (!JsonParser.TryParse(text, out var root, out var syntax))
        {
            ctx.Report(ProblemCodes.InvalidJson, syntax!.Span, "", $"invalid JSON: {syntax.Message}", "correct the JSON syntax at this position");
            return new ConfigParseResult(null, dialect, ctx.Problems);
        }

        if (root.Kind != JsonKind.Object)
        {
            ctx.Report(ProblemCodes.InvalidValue, root.Span, "", $"a config must be a JSON object, not {root.KindName}", "wrap the settings in { ... }");
            return new ConfigParseResult(null, dialect, ctx.Problems);
        }

        if (dialect == ConfigDialect.Unknown) dialect = Detect(root, path);
        PreprocessSpec? spec = dialect switch
        {
            ConfigDialect.Canonical => CanonicalFormat.Read(root, ctx),
            ConfigDialect.OpenClip => OpenClipDialect.Read(root, ctx, flat: false),
            ConfigDialect.OpenClipPreprocessCfg => OpenClipDialect.Read(root, ctx, flat: true),
            ConfigDialect.HuggingFace => HuggingFaceDialect.Read(root, ctx),
            ConfigDialect.Timm => TimmDialect.Read(root, ctx),
            _ => null,
        };

        if (dialect == ConfigDialect.Unknown)
        {
            ctx.Report(ProblemCodes.Unsupported, new TextSpan(root.Span.Start, 1), "",
                "this file is not a recognised preprocessing config (canonical *.preprocess.json, OpenCLIP open_clip_config.json or preprocess_cfg, Hugging Face preprocessor_config.json, timm pretrained_cfg)",
                "name a canonical config *.preprocess.json, or use one of the supported formats");
        }

        return new ConfigParseResult(ctx.HasErrors ? null : spec, dialect, ctx.Problems);
    }

#if !PREPROCESSGEN_ANALYZER
    /// <summary>Reads and parses the file at <paramref name="path"/>. I/O errors throw (they are not config problems).</summary>
    public static ConfigParseResult Load(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        return Parse(File.ReadAllText(path), path);
    }
#endif

    /// <summary>Guesses the dialect from the file name and the keys.</summary>
    public static ConfigDialect Detect(JsonNode root, string? path)
    {
        string name = path is null ? "" : Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".preprocess.json", StringComparison.Ordinal)) return ConfigDialect.Canonical;
        if (Has(root, "model_cfg")) return ConfigDialect.OpenClip;
        if (Has(root, "image_processor_type") || Has(root, "feature_extractor_type") || Has(root, "image_mean") || Has(root, "do_resize") || Has(root, "processor_class"))
            return ConfigDialect.HuggingFace;
        if (Has(root, "pretrained_cfg") || Has(root, "input_size") || Has(root, "crop_pct")) return ConfigDialect.Timm;
        if (Has(root, "preprocess_cfg")) return ConfigDialect.OpenClip;
        if (Has(root, "image_size") && Has(root, "mean") && Has(root, "std")) return ConfigDialect.Canonical;
        if (name.StartsWith("preprocess_cfg", StringComparison.Ordinal) || Has(root, "resize_mode") || (Has(root, "mean") && Has(root, "std")))
            return ConfigDialect.OpenClipPreprocessCfg;
        return ConfigDialect.Unknown;
    }

    private static bool Has(JsonNode root, string key) => root.TryGet(key, out _, out _);
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PreprocessGen.Config;

namespace PreprocessGen.Generator;

/// <summary>The preprocessing facts the analyzers compare: what changes the tensor, as float32 like the runtime.</summary>
internal sealed record SpecFacts(int Width, int Height, string ResizeMode, string Interpolation, float Mean0, float Mean1, float Mean2, float Std0, float Std1, float Std2)
{
    public static SpecFacts Of(PreprocessSpec s) => new(s.Width, s.Height, CanonicalFormat.ResizeModeName(s.ResizeMode), CanonicalFormat.InterpolationName(s.Interpolation),
        (float)s.Mean.R, (float)s.Mean.G, (float)s.Mean.B, (float)s.Std.R, (float)s.Std.G, (float)s.Std.B);

    public bool IsDefault => ResizeMode == "shortest" && Interpolation == "bicubic" && Mean0 == (float)0.48145466 && Mean1 == (float)0.4578275 && Mean2 == (float)0.40821073 &&
                             Std0 == (float)0.26862954 && Std1 == (float)0.26130258 && Std2 == (float)0.27577711;

    public string MeanText => Triple(Mean0, Mean1, Mean2);

    public string StdText => Triple(Std0, Std1, Std2);

    public static string Triple(float a, float b, float c) => $"[{F(a)}, {F(b)}, {F(c)}]";

    private static string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Each differing field as "field: this vs other".</summary>
    public List<string> Differences(SpecFacts other)
    {
        var d = new List<string>();
        if (MeanText != other.MeanText) d.Add($"mean {MeanText} vs {other.MeanText}");
        if (StdText != other.StdText) d.Add($"std {StdText} vs {other.StdText}");
        if (ResizeMode != other.ResizeMode) d.Add($"resize mode {ResizeMode} vs {other.ResizeMode}");
        if (Interpolation != other.Interpolation) d.Add($"interpolation {Interpolation} vs {other.Interpolation}");
        if (Width != other.Width || Height != other.Height) d.Add($"size {Width}x{Height} vs {other.Width}x{other.Height}");
        return d;
    }
}

/// <summary>An architecture the analyzers know: its official (or the user's) preprocessings by tag.</summary>
internal sealed record ArchEntry(string Name, IReadOnlyList<(string Tag, PreprocessSpec Spec)> Tags, bool IsFamily)
{
    public DefaultPreprocessing Classification
    {
        get
        {
            int defaults = Tags.Count(t => SpecFacts.Of(t.Spec).IsDefault);
            return defaults == Tags.Count ? DefaultPreprocessing.AlwaysDefault : defaults == 0 ? DefaultPreprocessing.NeverDefault : DefaultPreprocessing.DependsOnTag;
        }
    }

    /// <summary>What the tags have in common, in words: "mean/std [0.5, 0.5, 0.5], squash, bicubic".</summary>
    public string Needs()
    {
        var facts = Tags.Select(t => SpecFacts.Of(t.Spec)).ToList();
        var parts = new List<string>();
        bool sameMean = facts.All(f => f.MeanText == facts[0].MeanText), sameStd = facts.All(f => f.StdText == facts[0].StdText);
        if (Tags.All(t => t.Spec.MeanImage is not null))
        {
            parts.Add("a per-pixel mean image");
            if (sameStd) parts.Add($"std {facts[0].StdText}");
        }
        else if (sameMean && sameStd && facts[0].MeanText == facts[0].StdText) parts.Add($"mean/std {facts[0].MeanText}");
        else
        {
            if (sameMean) parts.Add($"mean {facts[0].MeanText}");
            if (sameStd) parts.Add($"std {facts[0].StdText}");
        }

        if (facts.All(f => f.ResizeMode == facts[0].ResizeMode)) parts.Add(facts[0].ResizeMode == "shortest" ? "shortest side + centre crop" : facts[0].ResizeMode);
        if (facts.All(f => f.Interpolation == facts[0].Interpolation)) parts.Add(facts[0].Interpolation);
        if (facts.All(f => f.Width == facts[0].Width && f.Height == facts[0].Height)) parts.Add($"{facts[0].Width}x{facts[0].Height}");
        return parts.Count == 0 ? "a tag-specific preprocessing" : string.Join(", ", parts);
    }
}

/// <summary>
/// The architectures the analyzers recognise in model paths: the OpenCLIP catalog (compiled in), family words
/// (siglip, siglip2, mobileclip, pe-core, clipa) that Hugging Face and timm names contain, and the user's configs that
/// declare an architecture. Matching ignores case and the separators '-', '_', '.' and ' '.
/// </summary>
internal sealed class ArchitectureRegistry
{
    private static readonly Lazy<List<ArchEntry>> s_catalog = new(() =>
        OpenClipCatalog.Entries.GroupBy(e => e.Architecture!, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ArchEntry(g.Key, g.Select(e => (e.Pretrained ?? "", e)).ToList(), false)).ToList());

    private static readonly string[] s_families = { "siglip2", "siglip", "mobileclip2", "mobileclip", "pecore", "clipa" };

    private readonly List<(string Squashed, ArchEntry Entry)> _names = new();
    private readonly List<(string Squashed, ArchEntry Entry)> _families = new();

    public ArchitectureRegistry(IEnumerable<PreprocessSpec> userConfigs)
    {
        var entries = new List<ArchEntry>(s_catalog.Value);
        foreach (var g in userConfigs.Where(s => !string.IsNullOrWhiteSpace(s.Architecture)).GroupBy(s => s.Architecture!, StringComparer.OrdinalIgnoreCase))
        {
            // A user's config for a catalog architecture narrows it to their weights; a new name adds an architecture.
            entries.RemoveAll(e => string.Equals(e.Name, g.Key, StringComparison.OrdinalIgnoreCase));
            entries.Add(new ArchEntry(g.Key, g.Select(s => (s.Pretrained ?? s.Name ?? "config", s)).ToList(), false));
        }

        foreach (var e in entries) _names.Add((Naming.SquashArchitecture(e.Name), e));
        _names.Sort((a, b) => b.Squashed.Length.CompareTo(a.Squashed.Length));
        foreach (string word in s_families)
        {
            var tags = entries.Where(e => Naming.SquashArchitecture(e.Name).Contains(word) && (word != "siglip" || !Naming.SquashArchitecture(e.Name).Contains("siglip2")) && (word != "mobileclip" || !Naming.SquashArchitecture(e.Name).Contains("mobileclip2")))
                .SelectMany(e => e.Tags.Select(t => ($"{e.Name}/{t.Tag}", t.Spec))).ToList();
            if (tags.Count > 0) _families.Add((word, new ArchEntry(word, tags, true)));
        }
    }

    public ArchEntry? Find(string architecture)
    {
        string s = Naming.SquashArchitecture(architecture);
        foreach (var (name, entry) in _names) if (name == s) return entry;
        foreach (var (name, entry) in _families) if (name == s) return entry;
        return null;
    }

    /// <summary>The architecture a model path names (file name first, then up to two folders), or null.</summary>
    public ArchEntry? Infer(string path)
    {
        string p = path.Replace('\\', '/');
        var parts = new List<string>();
        string file = p.Substring(p.LastIndexOf('/') + 1);
        int dot = file.LastIndexOf('.');
        parts.Add(dot > 0 ? file.Substring(0, dot) : file);
        var folders = Enumerable.Reverse(p.Split('/')).Skip(1).Where(x => x.Length > 0 && x != "." && x != "..").Take(2);
        parts.AddRange(folders);
        foreach (string part in parts)
        {
            string s = Naming.SquashArchitecture(part);
            foreach (var (name, entry) in _names) if (Naming.ContainsArchitecture(s, name)) return entry;
        }

        foreach (string part in parts)
        {
            string s = Naming.SquashArchitecture(part);
            foreach (var (name, entry) in _families) if (s.Contains(name)) return entry;
        }

        return null;
    }
}

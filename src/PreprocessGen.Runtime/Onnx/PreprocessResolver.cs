using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PreprocessGen.Config;

namespace PreprocessGen.Runtime.Onnx;

/// <summary>Where a model's preprocessing came from.</summary>
public enum PreprocessSource
{
    /// <summary>Passed by the caller.</summary>
    Argument,
    /// <summary>The model's ONNX metadata (<see cref="OnnxModelFile.PreprocessMetadataKey"/>).</summary>
    Metadata,
    /// <summary>A config file in the model's folder or its parent (OpenCLIP, Hugging Face, exporter or canonical).</summary>
    Bundle,
    /// <summary>The OpenCLIP catalog, by architecture.</summary>
    Catalog,
}

/// <summary>A resolved preprocessing: the spec, where it came from, and the file or key that held it.</summary>
public sealed record ResolvedPreprocess(PreprocessSpec Spec, PreprocessSource Source, string Origin);

/// <summary>
/// Finds a model's preprocessing, in order: the argument; the model's metadata; a bundle config beside or above the
/// model; the OpenCLIP catalog by architecture (given, or inferred from the path) when it is unambiguous. Sources that
/// are present must agree unless overriding is allowed; when none applies, it throws rather than guess.
/// </summary>
public static class PreprocessResolver
{
    /// <summary>File names read as bundle configs, in the order they are tried in each folder.</summary>
    public static IReadOnlyList<string> BundleFileNames { get; } = new[] { "open_clip_config.json", "preprocessor_config.json", "preprocess_cfg.json" };

    /// <summary>Resolves the preprocessing of <paramref name="modelPath"/>.</summary>
    /// <exception cref="MissingPreprocessConfigException">No source applies.</exception>
    /// <exception cref="PreprocessConfigMismatchException">Two sources disagree and <paramref name="allowOverride"/> is false.</exception>
    /// <exception cref="InvalidDataException">The metadata or a bundle config is present but invalid (the message names it and its problems).</exception>
    public static ResolvedPreprocess Resolve(string modelPath, string? architecture = null, PreprocessSpec? preprocess = null, bool allowOverride = false)
    {
        if (modelPath is null) throw new ArgumentNullException(nameof(modelPath));
        var found = new List<ResolvedPreprocess>();
        if (preprocess is not null) found.Add(new ResolvedPreprocess(preprocess, PreprocessSource.Argument, "the argument"));
        var metadata = FromMetadata(modelPath);
        if (metadata is not null) found.Add(metadata);
        var bundle = FromBundle(modelPath);
        if (bundle is not null) found.Add(bundle);

        if (found.Count > 0)
        {
            var winner = found[0];
            if (!allowOverride)
            {
                foreach (var other in found.Skip(1))
                {
                    var diff = SpecComparison.Differences(MeanImages.ForComparison(winner.Spec), MeanImages.ForComparison(other.Spec));
                    if (diff.Count > 0) throw new PreprocessConfigMismatchException(modelPath, Describe(winner), Describe(other), diff);
                }
            }

            return winner;
        }

        string? arch = architecture ?? InferArchitecture(modelPath);
        if (arch is null)
        {
            throw new MissingPreprocessConfigException(modelPath, null, Array.Empty<string>(),
                $"{modelPath}: no preprocessing found: no argument, no '{OnnxModelFile.PreprocessMetadataKey}' metadata, no bundle config " +
                $"({string.Join(", ", BundleFileNames)} or *.preprocess.json) beside the model, and the architecture cannot be told from the path. " +
                "Pass the preprocessing (or the architecture), or embed it: preprocessgen embed --model <in.onnx> --config <config> --out <out.onnx>");
        }

        var tags = OpenClipCatalog.ForArchitecture(arch).ToList();
        var groups = tags.GroupBy(t => t with { Name = null, Pretrained = null, Architecture = null }).ToList();
        if (groups.Count == 1)
        {
            var spec = groups[0].Key with { Architecture = tags[0].Architecture };
            return new ResolvedPreprocess(spec, PreprocessSource.Catalog, $"the OpenCLIP catalog ({tags[0].Architecture}: all {tags.Count} official tags agree)");
        }

        var candidates = tags.Select(t => $"{t.Architecture}/{t.Pretrained}: {t.Describe()}").ToList();
        string why = tags.Count == 0
            ? $"'{arch}' is not an OpenCLIP architecture the catalog knows"
            : $"the official weights of {tags[0].Architecture} use {groups.Count} different preprocessings, so the tag decides";
        throw new MissingPreprocessConfigException(modelPath, arch, candidates,
            $"{modelPath}: no preprocessing found for architecture '{arch}': {why}. Pass the preprocessing of your weights " +
            (tags.Count == 0 ? "" : $"(candidates: {string.Join("; ", candidates.Take(8))}{(candidates.Count > 8 ? "; ..." : "")}) ") +
            "or embed it in the model with preprocessgen embed.");
    }

    private static string Describe(ResolvedPreprocess r) => r.Source switch
    {
        PreprocessSource.Argument => "the argument",
        PreprocessSource.Metadata => "the model's metadata",
        _ => r.Origin,
    };

    /// <summary>The spec in the model's metadata, or null when it has none.</summary>
    public static ResolvedPreprocess? FromMetadata(string modelPath)
    {
        string? json = OnnxModelFile.ReadMetadata(modelPath, OnnxModelFile.PreprocessMetadataKey);
        if (json is null) return null;
        var parsed = PreprocessConfig.Parse(json, modelPath + "#" + OnnxModelFile.PreprocessMetadataKey, ConfigDialect.Canonical);
        if (parsed.Spec is null)
            throw new InvalidDataException($"{modelPath}: the '{OnnxModelFile.PreprocessMetadataKey}' metadata is not a valid preprocess config: {string.Join("; ", parsed.Problems)}");
        return new ResolvedPreprocess(parsed.Spec, PreprocessSource.Metadata, $"metadata '{OnnxModelFile.PreprocessMetadataKey}' of {modelPath}");
    }

    /// <summary>
    /// The bundle config of the model: in the model's folder, then its parent (exporters put <c>visual/model.onnx</c>
    /// under a folder holding the config), the first folder with any config wins; configs in one folder must agree.
    /// </summary>
    public static ResolvedPreprocess? FromBundle(string modelPath)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(modelPath));
        for (int level = 0; level < 2 && dir is not null; level++, dir = Path.GetDirectoryName(dir))
        {
            var files = BundleFileNames.Select(n => Path.Combine(dir, n)).Where(File.Exists)
                .Concat(Directory.EnumerateFiles(dir, "*.preprocess.json").OrderBy(f => f, StringComparer.Ordinal)).ToList();
            if (files.Count == 0) continue;
            ResolvedPreprocess? first = null;
            foreach (string file in files)
            {
                var parsed = PreprocessConfig.Load(file);
                if (parsed.Spec is null)
                    throw new InvalidDataException($"{file}: the model's bundle config is invalid: {string.Join("; ", parsed.Problems.Where(p => p.Severity == ProblemSeverity.Error))}");
                var here = new ResolvedPreprocess(parsed.Spec, PreprocessSource.Bundle, file);
                if (first is null)
                {
                    first = here;
                    continue;
                }

                var diff = SpecComparison.Differences(MeanImages.ForComparison(first.Spec), MeanImages.ForComparison(here.Spec));
                if (diff.Count > 0) throw new PreprocessConfigMismatchException(modelPath, first.Origin, file, diff);
            }

            return first;
        }

        return null;
    }

    /// <summary>
    /// The OpenCLIP architecture named in the model's path (file name, then its folders, nearest first), matched
    /// case-insensitively with '-', '_' and '.' ignored; the longest matching name wins. Null when none matches.
    /// </summary>
    public static string? InferArchitecture(string modelPath)
    {
        var names = OpenClipCatalog.Entries.Select(e => e.Architecture!).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(n => Naming.SquashArchitecture(n).Length).ToList();
        string full = Path.GetFullPath(modelPath);
        var parts = new List<string> { Path.GetFileNameWithoutExtension(full) };
        for (string? d = Path.GetDirectoryName(full); d is not null && parts.Count < 3; d = Path.GetDirectoryName(d))
        {
            string n = Path.GetFileName(d);
            if (n.Length > 0) parts.Add(n);
        }

        foreach (string part in parts)
        {
            string p = Naming.SquashArchitecture(part);
            foreach (string name in names)
                if (Naming.ContainsArchitecture(p, Naming.SquashArchitecture(name))) return name;
        }

        return null;
    }
}

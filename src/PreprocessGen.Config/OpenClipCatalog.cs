using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace PreprocessGen.Config;

/// <summary>Whether an architecture's official preprocessing is OpenCLIP's default (what a local checkpoint silently gets).</summary>
public enum DefaultPreprocessing
{
    /// <summary>The architecture is not in the catalog.</summary>
    Unknown,
    /// <summary>Every official tag uses the default preprocessing: a local checkpoint is fine.</summary>
    AlwaysDefault,
    /// <summary>No official tag uses the default: a local checkpoint without its config is always wrong.</summary>
    NeverDefault,
    /// <summary>Some tags use the default and some do not: it depends on which weights the checkpoint holds.</summary>
    DependsOnTag,
}

/// <summary>The official OpenCLIP weights and their eval preprocessing, from <c>configs/openclip/</c> (embedded).</summary>
public static class OpenClipCatalog
{
    private static readonly Lazy<IReadOnlyList<PreprocessSpec>> s_entries = new(LoadEmbedded);

    /// <summary>All entries, ordered by architecture then tag.</summary>
    public static IReadOnlyList<PreprocessSpec> Entries => s_entries.Value;

    /// <summary>The entry for <paramref name="architecture"/> and <paramref name="pretrained"/>, or null.</summary>
    public static PreprocessSpec? Find(string architecture, string pretrained) =>
        Entries.FirstOrDefault(e => string.Equals(e.Architecture, architecture, StringComparison.OrdinalIgnoreCase) &&
                                    string.Equals(e.Pretrained, pretrained, StringComparison.OrdinalIgnoreCase));

    /// <summary>The official tags of <paramref name="architecture"/>.</summary>
    public static IEnumerable<PreprocessSpec> ForArchitecture(string architecture) =>
        Entries.Where(e => string.Equals(e.Architecture, architecture, StringComparison.OrdinalIgnoreCase));

    /// <summary>Classifies an architecture by whether its official preprocessing is the default.</summary>
    public static DefaultPreprocessing Classify(string architecture)
    {
        var tags = ForArchitecture(architecture).ToList();
        if (tags.Count == 0) return DefaultPreprocessing.Unknown;
        int defaults = tags.Count(t => t.IsOpenClipDefault);
        return defaults == tags.Count ? DefaultPreprocessing.AlwaysDefault : defaults == 0 ? DefaultPreprocessing.NeverDefault : DefaultPreprocessing.DependsOnTag;
    }

    private static IReadOnlyList<PreprocessSpec> LoadEmbedded()
    {
        var asm = typeof(OpenClipCatalog).GetTypeInfo().Assembly;
        var list = new List<PreprocessSpec>();
        foreach (string name in asm.GetManifestResourceNames().OrderBy(n => n, StringComparer.Ordinal))
        {
            if (!name.StartsWith("PreprocessGen.Catalog.", StringComparison.Ordinal)) continue;
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var result = PreprocessConfig.Parse(reader.ReadToEnd(), name.Substring("PreprocessGen.Catalog.".Length), ConfigDialect.Canonical);
            if (result.Spec is null) throw new InvalidOperationException($"catalog entry {name} is invalid: {result.Problems[0]}");
            list.Add(result.Spec);
        }

        return list;
    }
}

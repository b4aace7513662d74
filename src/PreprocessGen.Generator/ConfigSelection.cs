using System;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PreprocessGen.Config;

namespace PreprocessGen.Generator;

/// <summary>Which AdditionalFiles are preprocess configs, and what their types are called: shared by the generator and the analyzer.</summary>
internal static class ConfigSelection
{
    public const string ConfigMetadata = "build_metadata.AdditionalFiles.PreprocessGen_Config";
    public const string NameMetadata = "build_metadata.AdditionalFiles.PreprocessGen_Name";
    public const string RootNamespaceProperty = "build_property.RootNamespace";
    public const string NamespaceProperty = "build_property.PreprocessGenNamespace";
    public const string CatalogProperty = "build_property.PreprocessGenCatalogClass";

    private static readonly string[] s_fixedNames = { "preprocessor_config.json", "open_clip_config.json", "preprocess_cfg.json", "config.json" };

    /// <summary>True for files the package's props mark, and for any <c>*.preprocess.json</c>.</summary>
    public static bool IsConfig(string path, AnalyzerConfigOptions options)
    {
        if (options.TryGetValue(ConfigMetadata, out var flag) && flag.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        return path.EndsWith(".preprocess.json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The metadata <c>Name</c> of the file, or null.</summary>
    public static string? MetadataName(AnalyzerConfigOptions options) =>
        options.TryGetValue(NameMetadata, out var name) && !string.IsNullOrWhiteSpace(name) ? name.Trim() : null;

    /// <summary>
    /// The type name: metadata Name, else the config's <c>name</c>, else the file name without <c>.preprocess.json</c> /
    /// <c>.json</c> (for the fixed file names, the parent folder's name), made PascalCase.
    /// </summary>
    public static string TypeName(string path, string? configName, string? metadataName)
    {
        if (metadataName is not null) return IsIdentifier(metadataName) ? metadataName : Naming.ToPascalCase(metadataName);
        if (!string.IsNullOrWhiteSpace(configName)) return Naming.ToPascalCase(configName!);
        string file = Path.GetFileName(path);
        foreach (string fixedName in s_fixedNames)
        {
            if (file.Equals(fixedName, StringComparison.OrdinalIgnoreCase))
            {
                string? folder = Path.GetFileName(Path.GetDirectoryName(path) ?? "");
                return Naming.ToPascalCase(string.IsNullOrEmpty(folder) ? Path.GetFileNameWithoutExtension(file) : folder!);
            }
        }

        if (file.EndsWith(".preprocess.json", StringComparison.OrdinalIgnoreCase)) file = file.Substring(0, file.Length - ".preprocess.json".Length);
        else if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) file = file.Substring(0, file.Length - ".json".Length);
        return Naming.ToPascalCase(file);
    }

    /// <summary>The namespace for generated types: PreprocessGenNamespace, else RootNamespace + ".Preprocessing".</summary>
    public static string Namespace(AnalyzerConfigOptions global)
    {
        if (global.TryGetValue(NamespaceProperty, out var ns) && !string.IsNullOrWhiteSpace(ns)) return ns.Trim();
        if (global.TryGetValue(RootNamespaceProperty, out var root) && !string.IsNullOrWhiteSpace(root)) return root.Trim() + ".Preprocessing";
        return "Preprocessing";
    }

    /// <summary>The catalog class (e.g. <c>PreprocessGen.Pretrained</c>) when the project generates the pretrained catalog, else null.</summary>
    public static string? CatalogClass(AnalyzerConfigOptions global) =>
        global.TryGetValue(CatalogProperty, out var c) && !string.IsNullOrWhiteSpace(c) ? c.Trim() : null;

    public static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsLetter(s[0]) || s[0] == '_')) return false;
        foreach (char c in s)
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        return Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(s) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None;
    }

    /// <summary>A problem of the config library as a Roslyn location inside the JSON file.</summary>
    public static Location LocationOf(string path, ConfigProblem p) =>
        Location.Create(path, new Microsoft.CodeAnalysis.Text.TextSpan(p.Span.Start, p.Span.Length),
            new Microsoft.CodeAnalysis.Text.LinePositionSpan(new Microsoft.CodeAnalysis.Text.LinePosition(p.Line - 1, p.Column - 1), new Microsoft.CodeAnalysis.Text.LinePosition(p.EndLine - 1, p.EndColumn - 1)));
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using PreprocessGen.Config;

namespace PreprocessGen.Generator;

/// <summary>
/// Turns preprocess configs given as AdditionalFiles into static classes with the preprocessing as constants and
/// methods that run the runtime's kernels. Problems in the files are reported by <see cref="ConfigFileAnalyzer"/>;
/// this generator skips a broken config (the rest of the project still builds) and never throws.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PreprocessGenerator : IIncrementalGenerator
{
    /// <summary>Names of the tracked pipeline steps (for incrementality tests).</summary>
    public static class TrackingNames
    {
        public const string Options = nameof(Options);
        public const string Configs = nameof(Configs);
        public const string Parsed = nameof(Parsed);
        public const string Collected = nameof(Collected);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var globals = context.AnalyzerConfigOptionsProvider
            .Select((p, _) => (Namespace: ConfigSelection.Namespace(p.GlobalOptions), Catalog: ConfigSelection.CatalogClass(p.GlobalOptions),
                ProjectDir: p.GlobalOptions.TryGetValue("build_property.ProjectDir", out var d) ? d : null))
            .WithTrackingName(TrackingNames.Options);

        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select((pair, ct) =>
            {
                var options = pair.Right.GetOptions(pair.Left);
                if (!ConfigSelection.IsConfig(pair.Left.Path, options)) return (Path: (string?)null, Content: (string?)null, Name: (string?)null);
                return (Path: pair.Left.Path, Content: pair.Left.GetText(ct)?.ToString(), Name: ConfigSelection.MetadataName(options));
            })
            .Where(f => f.Path is not null)
            .WithTrackingName(TrackingNames.Configs);

        var parsed = files.Combine(globals)
            .Select((pair, _) => Parse(pair.Left.Path!, pair.Left.Content, pair.Left.Name, pair.Right.Namespace, pair.Right.Catalog, pair.Right.ProjectDir))
            .WithTrackingName(TrackingNames.Parsed);

        var all = parsed.Collect().Select((models, _) => Select(models)).WithTrackingName(TrackingNames.Collected);

        context.RegisterSourceOutput(all, static (spc, models) =>
        {
            try
            {
                Emit(spc, models);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never take the compiler down: say which config could not be generated.
                spc.AddSource("PreprocessGen.Error.g.cs", SourceText.From($"// PreprocessGen could not generate code: {ex.GetType().Name}: {ex.Message.Replace('\n', ' ')}\n", System.Text.Encoding.UTF8));
            }
        });
    }

    internal static ConfigModel Parse(string path, string? content, string? metadataName, string ns, string? catalog, string? projectDir)
    {
        string relative = Relative(path, projectDir);
        if (content is null) return new ConfigModel(path, relative, ns, ConfigSelection.TypeName(path, null, metadataName), null, catalog);
        ConfigParseResult result;
        try
        {
            result = PreprocessConfig.Parse(content, path);
        }
        catch (Exception)
        {
            return new ConfigModel(path, relative, ns, ConfigSelection.TypeName(path, null, metadataName), null, catalog);
        }

        var spec = result.Spec;
        return new ConfigModel(path, relative, ns, ConfigSelection.TypeName(path, spec?.Name, metadataName), spec, catalog);
    }

    private static string Relative(string path, string? projectDir)
    {
        string p = path.Replace('\\', '/');
        if (!string.IsNullOrEmpty(projectDir))
        {
            string d = projectDir!.Replace('\\', '/');
            if (!d.EndsWith("/", StringComparison.Ordinal)) d += "/";
            if (p.StartsWith(d, StringComparison.OrdinalIgnoreCase)) return p.Substring(d.Length);
        }

        return System.IO.Path.GetFileName(p);
    }

    /// <summary>The valid configs to emit, in path order, without the later ones of a duplicated type name (PPG0005).</summary>
    internal static EquatableList<ConfigModel> Select(ImmutableArray<ConfigModel> models)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<ConfigModel>();
        foreach (var m in models.OrderBy(m => m.FilePath, StringComparer.Ordinal))
        {
            if (!m.IsValid) continue;
            if (!seen.Add(Key(m))) continue;
            kept.Add(m);
        }

        return new EquatableList<ConfigModel>(kept);
    }

    internal static string Key(ConfigModel m) =>
        m.Catalog is not null && m.Spec?.Architecture is not null && m.Spec.Pretrained is not null
            ? m.Catalog + "." + Naming.ArchitectureTypeName(m.Spec.Architecture) + "." + Naming.TagMemberName(m.Spec.Pretrained)
            : m.Namespace + "." + m.TypeName;

    private static void Emit(SourceProductionContext spc, EquatableList<ConfigModel> models)
    {
        var plain = models.Where(m => m.Catalog is null || m.Spec!.Architecture is null || m.Spec.Pretrained is null).ToList();
        foreach (var m in plain)
        {
            spc.CancellationToken.ThrowIfCancellationRequested();
            spc.AddSource(Emitter.HintName(m.Namespace + "." + m.TypeName), SourceText.From(Emitter.Standalone(m), System.Text.Encoding.UTF8));
        }

        var catalog = models.Where(m => !plain.Contains(m)).ToList();
        if (catalog.Count > 0)
            spc.AddSource(Emitter.HintName(catalog[0].Catalog!), SourceText.From(Emitter.Catalog(catalog[0].Catalog!, catalog), System.Text.Encoding.UTF8));
    }
}

/// <summary>A list compared by its items, for incremental pipeline values.</summary>
internal sealed class EquatableList<T> : IEquatable<EquatableList<T>>, IReadOnlyList<T>
{
    private readonly List<T> _items;

    public EquatableList(List<T> items) => _items = items;

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    public bool Equals(EquatableList<T>? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    public override int GetHashCode()
    {
        int h = 17;
        foreach (var item in _items) h = unchecked(h * 31 + (item?.GetHashCode() ?? 0));
        return h;
    }

    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();
}

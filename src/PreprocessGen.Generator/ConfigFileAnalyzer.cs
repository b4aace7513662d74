using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PreprocessGen.Config;

namespace PreprocessGen.Generator;

/// <summary>
/// Reports the problems of preprocess config files (PPG0001-PPG0004) inside the JSON, at the line and column of the
/// offending value, and PPG0005 when two configs map to one generated type name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigFileAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.InvalidJson, Descriptors.UnknownKey, Descriptors.InvalidValue, Descriptors.Unsupported, Descriptors.DuplicateTypeName);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var provider = start.Options.AnalyzerConfigOptionsProvider;
            string ns = ConfigSelection.Namespace(provider.GlobalOptions);
            string? catalog = ConfigSelection.CatalogClass(provider.GlobalOptions);
            var names = new ConcurrentBag<(string Key, string Path, Location Location)>();

            start.RegisterAdditionalFileAction(fileContext =>
            {
                var file = fileContext.AdditionalFile;
                var options = provider.GetOptions(file);
                if (!ConfigSelection.IsConfig(file.Path, options)) return;
                string? text = file.GetText(fileContext.CancellationToken)?.ToString();
                if (text is null) return;
                ConfigParseResult result;
                try
                {
                    result = PreprocessConfig.Parse(text, file.Path);
                }
                catch (Exception ex)
                {
                    // The config library never throws on content; if it ever does, say so in the file instead of AD0001.
                    fileContext.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidValue, Location.Create(file.Path, default, default),
                        $"the config could not be read ({ex.GetType().Name}: {ex.Message}). Fix: check the file, and report this"));
                    return;
                }

                foreach (var p in result.Problems)
                    fileContext.ReportDiagnostic(Diagnostic.Create(Descriptors.For(p.Code), ConfigSelection.LocationOf(file.Path, p), Descriptors.Message(p)));

                if (result.Spec is not null)
                {
                    var model = new ConfigModel(file.Path, file.Path, ns, ConfigSelection.TypeName(file.Path, result.Spec.Name, ConfigSelection.MetadataName(options)), result.Spec, catalog);
                    names.Add((PreprocessGenerator.Key(model), file.Path, Location.Create(file.Path, new Microsoft.CodeAnalysis.Text.TextSpan(0, 0), new Microsoft.CodeAnalysis.Text.LinePositionSpan(default, default))));
                }
            });

            start.RegisterCompilationEndAction(end =>
            {
                foreach (var group in names.GroupBy(n => n.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    var ordered = group.OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
                    foreach (var later in ordered.Skip(1))
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateTypeName, later.Location,
                            $"'{later.Path}' maps to the type {group.Key}, which '{ordered[0].Path}' already generates; this config is skipped. " +
                            "Fix: give one of them another \"name\", or set Name=\"...\" on its item"));
                    }
                }
            });
        });
    }
}

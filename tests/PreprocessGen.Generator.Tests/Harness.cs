extern alias gen;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using gen::PreprocessGen.Generator;

namespace PreprocessGen.Generator.Tests;

/// <summary>Plain Roslyn runs of the generator and the analyzer over in-memory AdditionalFiles.</summary>
internal static class Harness
{
    public static readonly ImmutableArray<MetadataReference> References = BuildReferences();

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        foreach (var t in new[] { typeof(PreprocessGen.Config.PreprocessSpec), typeof(PreprocessGen.Runtime.PreprocessPipeline), typeof(SixLabors.ImageSharp.Image), typeof(Microsoft.ML.OnnxRuntime.InferenceSession), typeof(Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<>) })
            paths.Add(t.Assembly.Location);
        // The generator's own copy of the config types must not be a reference (analyzers are never references).
        return paths.Distinct(StringComparer.Ordinal).Where(File.Exists).Where(p => !p.EndsWith("PreprocessGen.Generator.dll", StringComparison.Ordinal)).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create("Consumer", sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))), References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, Options options) =>
        CSharpGeneratorDriver.Create(new[] { new PreprocessGenerator().AsSourceGenerator() }, files, new CSharpParseOptions(LanguageVersion.Latest), options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(IEnumerable<AdditionalText> files, Options? options = null, params string[] userCode)
    {
        var compilation = Compilation(userCode.Length == 0 ? new[] { "namespace User { internal static class Empty { } }" } : userCode);
        var driver = Driver(files, options ?? new Options()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>The analyzer's diagnostics for the files.</summary>
    public static ImmutableArray<Diagnostic> Analyze(IEnumerable<AdditionalText> files, Options? options = null)
    {
        var compilation = Compilation("namespace User { internal static class Empty { } }");
        var analyzerOptions = new AnalyzerOptions(files.ToImmutableArray(), options ?? new Options());
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ConfigFileAnalyzer()), analyzerOptions);
        return withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).Result;
    }

    public static string Normalize(string generated) =>
        System.Text.RegularExpressions.Regex.Replace(generated, "GeneratedCode\\(\"PreprocessGen\", \"[^\"]*\"\\)", "GeneratedCode(\"PreprocessGen\", \"%VERSION%\")");
}

internal sealed class Text : AdditionalText
{
    private readonly string _text;

    public Text(string path, string text)
    {
        Path = path;
        _text = text;
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
}

/// <summary>Analyzer options: global properties and per-file metadata, as the package's props make them visible.</summary>
internal sealed class Options : AnalyzerConfigOptionsProvider
{
    private readonly Dict _global;
    private readonly Dictionary<string, Dict> _files = new(StringComparer.Ordinal);

    public Options(Dictionary<string, string>? global = null) => _global = new Dict(global ?? new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" });

    public Options With(string path, string key, string value)
    {
        if (!_files.TryGetValue(path, out var d)) _files[path] = d = new Dict(new Dictionary<string, string>());
        d.Values["build_metadata.AdditionalFiles." + key] = value;
        return this;
    }

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Dict(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _files.TryGetValue(textFile.Path, out var d) ? d : new Dict(new Dictionary<string, string>());

    private sealed class Dict : AnalyzerConfigOptions
    {
        public Dict(Dictionary<string, string> values) => Values = values;

        public Dictionary<string, string> Values { get; }

        public override bool TryGetValue(string key, out string value) => Values.TryGetValue(key, out value!);
    }
}

extern alias gen;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace PreprocessGen.Benchmarks;

/// <summary>
/// The generator's cold time (a new driver each run, nothing cached) over the whole configs/openclip catalog (198 files)
/// and over 200 synthetic configs in four dialects. Baseline: parsing the same files with the config library alone.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private ImmutableArray<AdditionalText> _catalog;
    private ImmutableArray<AdditionalText> _synthetic;
    private CSharpCompilation _compilation = null!;

    [Params("catalog-198", "synthetic-200")]
    public string Set { get; set; } = "catalog-198";

    private ImmutableArray<AdditionalText> Files => Set == "catalog-198" ? _catalog : _synthetic;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "catalog"), "*.preprocess.json").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (AdditionalText)new MemoryText(f, File.ReadAllText(f))).ToImmutableArray();
        var synthetic = new List<AdditionalText>();
        for (int i = 0; i < 200; i++)
        {
            string size = (160 + i).ToString(CultureInfo.InvariantCulture);
            synthetic.Add((i % 4) switch
            {
                0 => new MemoryText($"/bench/configs/c{i}.preprocess.json", $"{{\"image_size\": {size}, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"resize_mode\": \"squash\"}}"),
                1 => new MemoryText($"/bench/m{i}/preprocessor_config.json", $"{{\"image_processor_type\": \"CLIPImageProcessor\", \"size\": {{\"shortest_edge\": {size}}}, \"crop_size\": {size}}}"),
                2 => new MemoryText($"/bench/o{i}/open_clip_config.json", $"{{\"model_cfg\": {{\"vision_cfg\": {{\"image_size\": {size}}}}}, \"preprocess_cfg\": {{\"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}}}}"),
                _ => new MemoryText($"/bench/t{i}/config.json", $"{{\"pretrained_cfg\": {{\"input_size\": [3, {size}, {size}], \"crop_pct\": 0.9}}}}"),
            });
        }

        _synthetic = synthetic.ToImmutableArray();
        var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !p.EndsWith("PreprocessGen.Generator.dll", StringComparison.Ordinal)).Select(p => MetadataReference.CreateFromFile(p));
        _compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("namespace B { static class C { } }") }, refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    [Benchmark(Baseline = true, Description = "parse only (config library)")]
    public int ParseOnly()
    {
        int ok = 0;
        foreach (var f in Files)
            if (PreprocessGen.Config.PreprocessConfig.Parse(f.GetText()!.ToString(), f.Path).Success) ok++;
        return ok;
    }

    [Benchmark(Description = "generator, cold driver")]
    public int GeneratorCold()
    {
        var options = new AllConfigs();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new gen::PreprocessGen.Generator.PreprocessGenerator().AsSourceGenerator() }, Files, optionsProvider: options);
        driver = driver.RunGenerators(_compilation);
        return driver.GetRunResult().GeneratedTrees.Length;
    }

    private sealed class MemoryText : AdditionalText
    {
        private readonly SourceText _text;

        public MemoryText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Every file is marked as a config, as the package's props would mark them.</summary>
    private sealed class AllConfigs : AnalyzerConfigOptionsProvider
    {
        private static readonly Opts Marked = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.PreprocessGen_Config"] = "true" });
        private static readonly Opts Global = new(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Bench" });

        public override AnalyzerConfigOptions GlobalOptions => Global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Global;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Marked;

        private sealed class Opts : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public Opts(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}

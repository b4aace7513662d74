using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PreprocessGen.Config;

namespace PreprocessGen.Generator;

/// <summary>
/// PPG1001-PPG1003 on model loads (PreprocessedSession.Load, a generated LoadSession, new InferenceSession with a
/// constant path), PPG1004 on hand-typed normalization constants.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelLoadAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the catalog fixes, as "Arch|Tag" joined by ';'.</summary>
    public const string FixesProperty = "PreprocessGenFixes";

    /// <summary>Diagnostic property: generated types with a LoadSession for the architecture, full names joined by ';'.</summary>
    public const string LoadersProperty = "PreprocessGenLoaders";

    /// <summary>Diagnostic property: the catalog member for PPG1004, e.g. "ViT_B_32.Openai.Mean".</summary>
    public const string ConstantProperty = "PreprocessGenConstant";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.MissingConfig, Descriptors.ContradictingConfig, Descriptors.TagDependent, Descriptors.HandTypedConstants);

    private static readonly (string Name, string Member, string Text, float[] Values)[] s_known =
    {
        ("OpenAI CLIP mean", "ViT_B_32.Openai.Mean", "0.48145466, 0.4578275, 0.40821073", new[] { (float)0.48145466, (float)0.4578275, (float)0.40821073 }),
        ("OpenAI CLIP std", "ViT_B_32.Openai.Std", "0.26862954, 0.26130258, 0.27577711", new[] { (float)0.26862954, (float)0.26130258, (float)0.27577711 }),
        ("ImageNet mean", "ViT_H_14_CLIPA.Datacomp1b.Mean", "0.485, 0.456, 0.406", new[] { (float)0.485, (float)0.456, (float)0.406 }),
        ("ImageNet std", "ViT_H_14_CLIPA.Datacomp1b.Std", "0.229, 0.224, 0.225", new[] { (float)0.229, (float)0.224, (float)0.225 }),
    };

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var session = start.Compilation.GetTypeByMetadataName("PreprocessGen.PreprocessedSession");
            var ort = start.Compilation.GetTypeByMetadataName("Microsoft.ML.OnnxRuntime.InferenceSession");
            var floatType = start.Compilation.GetSpecialType(SpecialType.System_Single);
            var doubleType = start.Compilation.GetSpecialType(SpecialType.System_Double);
            var pretrained = start.Compilation.GetTypeByMetadataName("PreprocessGen.Pretrained");
            if (session is null && ort is null) return;

            // The registry: the catalog plus the user's configs that declare an architecture; bundle files visible.
            var provider = start.Options.AnalyzerConfigOptionsProvider;
            var userSpecs = new List<PreprocessSpec>();
            var bundleDirs = new List<string>();
            foreach (var file in start.Options.AdditionalFiles)
            {
                string name = Path.GetFileName(file.Path);
                // Exporters' bundle files (a *.preprocess.json becomes a generated type: use it instead).
                if (name is "open_clip_config.json" or "preprocessor_config.json" or "preprocess_cfg.json")
                    bundleDirs.Add((Path.GetDirectoryName(file.Path) ?? "").Replace('\\', '/'));
                if (!ConfigSelection.IsConfig(file.Path, provider.GetOptions(file))) continue;
                string? text = file.GetText(start.CancellationToken)?.ToString();
                if (text is null) continue;
                try
                {
                    if (PreprocessConfig.Parse(text, file.Path).Spec is PreprocessSpec s && s.Architecture is not null) userSpecs.Add(s);
                }
                catch (Exception)
                {
                    // The config analyzer reports the file; nothing to learn from it here.
                }
            }

            var registry = new ArchitectureRegistry(userSpecs);
            // Generated types of this project that name an architecture: candidates for "use the typed loader".
            var loaders = new List<(string Architecture, string Type)>();
            foreach (var symbol in start.Compilation.GetSymbolsWithName("LoadSession", SymbolFilter.Member, start.CancellationToken))
            {
                if (symbol is IMethodSymbol { IsStatic: true } m && m.ContainingType.GetMembers("Architecture").OfType<IFieldSymbol>().FirstOrDefault(f => f.IsConst)?.ConstantValue is string a)
                    loaders.Add((a, m.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)));
            }

            start.RegisterOperationAction(c => OnInvocation(c, session, registry, bundleDirs, pretrained is not null, loaders), OperationKind.Invocation);
            if (ort is not null) start.RegisterOperationAction(c => OnCreation(c, ort, registry, bundleDirs), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => OnArray(c, floatType, doubleType, pretrained is not null), OperationKind.ArrayCreation);
        });
    }

    private static void OnInvocation(OperationAnalysisContext c, INamedTypeSymbol? session, ArchitectureRegistry registry, List<string> bundleDirs, bool canFix, List<(string Architecture, string Type)> loaders)
    {
        var op = (IInvocationOperation)c.Operation;
        var method = op.TargetMethod;
        if (method.Name == "Load" && session is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, session))
        {
            if (method.Parameters.Length == 0 || method.Parameters[0].Type.SpecialType != SpecialType.System_String) return;
            var pathArg = Arg(op, "modelPath");
            if (method.Parameters.Length == 2 && method.Parameters[1].Type.Name == "PreprocessSessionOptions") return; // options: not analyzed
            string? path = pathArg?.Value.ConstantValue.HasValue == true ? pathArg.Value.ConstantValue.Value as string : null;
            string? architecture = Constant(Arg(op, "architecture"));
            var preprocess = Arg(op, "preprocess");
            bool supplied = preprocess is not null && !IsDefault(preprocess);
            Check(c, op, path, architecture, supplied ? FactsOf(preprocess!.Value) : null, supplied, registry, bundleDirs, canFix, loaders);
            return;
        }

        if (method.Name == "LoadSession" && method.IsStatic && FactsOfType(method.ContainingType) is SpecFacts generated)
        {
            string? path = Constant(Arg(op, "modelPath"));
            Check(c, op, path, null, generated, true, registry, bundleDirs, canFix, null);
        }
    }

    private static void OnCreation(OperationAnalysisContext c, INamedTypeSymbol ort, ArchitectureRegistry registry, List<string> bundleDirs)
    {
        var op = (IObjectCreationOperation)c.Operation;
        if (!SymbolEqualityComparer.Default.Equals(op.Type, ort) || op.Arguments.Length == 0) return;
        var first = op.Arguments[0];
        if (first.Parameter?.Type.SpecialType != SpecialType.System_String) return;
        string? path = Constant(first);
        Check(c, op, path, null, null, false, registry, bundleDirs, canFix: false, null);
    }

    private static void Check(OperationAnalysisContext c, IOperation op, string? path, string? architecture, SpecFacts? facts, bool supplied,
        ArchitectureRegistry registry, List<string> bundleDirs, bool canFix, List<(string Architecture, string Type)>? loaders)
    {
        ArchEntry? arch = architecture is not null ? registry.Find(architecture) : path is not null ? registry.Infer(path) : null;
        if (arch is null) return;
        var kind = arch.Classification;
        string where = path is null ? "the model" : $"'{path}'";
        if (supplied)
        {
            if (facts is null) return; // a config we cannot see into at build time
            var tagFacts = arch.Tags.Select(t => (t.Tag, Facts: SpecFacts.Of(t.Spec))).ToList();
            if (tagFacts.Any(t => t.Facts.Differences(facts).Count == 0)) return;
            var closest = tagFacts.OrderBy(t => t.Facts.Differences(facts).Count).First();
            c.ReportDiagnostic(Diagnostic.Create(Descriptors.ContradictingConfig, op.Syntax.GetLocation(),
                $"The config given for {where} contradicts {arch.Name} ({closest.Tag}): {string.Join("; ", facts.Differences(closest.Facts))}. Fix: use that architecture's config, or the model's own"));
            return;
        }

        if (kind == DefaultPreprocessing.AlwaysDefault) return;
        if (path is not null && BundleVisible(path, bundleDirs)) return;
        var fixes = canFix && !arch.IsFamily
            ? arch.Tags.GroupBy(t => SpecFacts.Of(t.Spec)).Select(g => g.First()).Where(t => !SpecFacts.Of(t.Spec).IsDefault || kind == DefaultPreprocessing.DependsOnTag)
                .Select(t => $"{Naming.ArchitectureTypeName(arch.Name)}|{Naming.TagMemberName(t.Tag)}").Take(8).ToList()
            : new List<string>();
        var typed = loaders?.Where(l => Naming.SquashArchitecture(l.Architecture) == Naming.SquashArchitecture(arch.Name)).Select(l => l.Type).Distinct().ToList() ?? new List<string>();
        var props = ImmutableDictionary<string, string?>.Empty.Add(FixesProperty, string.Join(";", fixes)).Add(LoadersProperty, string.Join(";", typed));
        if (kind == DefaultPreprocessing.NeverDefault)
        {
            c.ReportDiagnostic(Diagnostic.Create(Descriptors.MissingConfig, op.Syntax.GetLocation(), props,
                $"{where} is a {arch.Name} checkpoint loaded without its preprocessing config; {arch.Name} needs {arch.Needs()}, not the default (OpenAI mean/std, shortest side + centre crop). Fix: pass its config (preprocess: ...), or load through the generated type's LoadSession"));
        }
        else
        {
            var differing = arch.Tags.Where(t => !SpecFacts.Of(t.Spec).IsDefault).Select(t => t.Tag + " (" + Short(SpecFacts.Of(t.Spec)) + ")").ToList();
            c.ReportDiagnostic(Diagnostic.Create(Descriptors.TagDependent, op.Syntax.GetLocation(), props,
                $"{where} is a {arch.Name} checkpoint loaded without a config, and {arch.Name}'s preprocessing depends on the pretrained tag: {string.Join(", ", differing)} differ from the default. Fix: pass the config of your weights' tag"));
        }
    }

    private static string Short(SpecFacts f)
    {
        var parts = new List<string>();
        if (f.MeanText != "[0.48145466, 0.4578275, 0.40821073]") parts.Add($"mean {f.MeanText}");
        if (f.StdText != "[0.26862954, 0.26130258, 0.27577711]") parts.Add($"std {f.StdText}");
        if (f.ResizeMode != "shortest") parts.Add(f.ResizeMode);
        if (f.Interpolation != "bicubic") parts.Add(f.Interpolation);
        return string.Join(", ", parts);
    }

    private static bool BundleVisible(string path, List<string> bundleDirs)
    {
        string p = path.Replace('\\', '/');
        int slash = p.LastIndexOf('/');
        string dir = slash > 0 ? p.Substring(0, slash) : "";
        if (dir.Length == 0) return false;
        dir = dir.TrimStart('.', '/');
        return bundleDirs.Any(d => d.EndsWith("/" + dir, StringComparison.OrdinalIgnoreCase) || d.Equals(dir, StringComparison.OrdinalIgnoreCase));
    }

    private static void OnArray(OperationAnalysisContext c, ITypeSymbol floatType, ITypeSymbol doubleType, bool canFix)
    {
        var op = (IArrayCreationOperation)c.Operation;
        if (op.Type is not IArrayTypeSymbol { Rank: 1 } arrayType) return;
        bool isFloat = SymbolEqualityComparer.Default.Equals(arrayType.ElementType, floatType);
        if (!isFloat && !SymbolEqualityComparer.Default.Equals(arrayType.ElementType, doubleType)) return;
        var items = op.Initializer?.ElementValues;
        if (items is null || items.Value.Length != 3) return;
        var values = new float[3];
        for (int i = 0; i < 3; i++)
        {
            var cv = items.Value[i].ConstantValue;
            if (!cv.HasValue || cv.Value is null) return;
            values[i] = cv.Value switch { float f => f, double d => (float)d, int n => n, _ => float.NaN };
            if (float.IsNaN(values[i])) return;
        }

        foreach (var (name, member, knownText, known) in s_known)
        {
            bool equal = values.Zip(known, (a, b) => a == b).All(x => x);
            bool near = !equal && values.Zip(known, (a, b) => Math.Abs(a - b) <= 1e-3).All(x => x);
            if (equal)
            {
                var props = ImmutableDictionary<string, string?>.Empty.Add(ConstantProperty, canFix && isFloat ? member : null);
                c.ReportDiagnostic(Diagnostic.Create(Descriptors.HandTypedConstants, op.Syntax.GetLocation(), props,
                    $"These are the {name} typed by hand; use global::PreprocessGen.Pretrained.{member} (or the generated type of your config) so they cannot drift"));
                return;
            }

            if (near)
            {
                // Same ID, raised to a warning: near-misses are the dangerous case.
                c.ReportDiagnostic(Diagnostic.Create(Descriptors.HandTypedConstants, op.Syntax.GetLocation(), DiagnosticSeverity.Warning, null, null,
                    $"This looks like a mistyped {name} ({knownText}): {string.Join(", ", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))} differs by up to {values.Zip(known, (a, b) => Math.Abs(a - b)).Max():G3}. Fix: use global::PreprocessGen.Pretrained.{member}"));
                return;
            }
        }
    }

    private static IArgumentOperation? Arg(IInvocationOperation op, string name) => op.Arguments.FirstOrDefault(a => a.Parameter?.Name == name);

    private static string? Constant(IArgumentOperation? arg) =>
        arg is not null && arg.ArgumentKind != ArgumentKind.DefaultValue && arg.Value.ConstantValue.HasValue ? arg.Value.ConstantValue.Value as string : null;

    private static bool IsDefault(IArgumentOperation arg) =>
        arg.ArgumentKind == ArgumentKind.DefaultValue || (arg.Value.ConstantValue.HasValue && arg.Value.ConstantValue.Value is null) ||
        arg.Value is IDefaultValueOperation || (arg.Value is IConversionOperation conv && conv.Operand.ConstantValue.HasValue && conv.Operand.ConstantValue.Value is null);

    /// <summary>The facts of an expression like <c>Siglip.Spec</c> or <c>Pretrained.X.Y.Spec</c>: read from the generated type's constants.</summary>
    private static SpecFacts? FactsOf(IOperation value)
    {
        while (value is IConversionOperation conv) value = conv.Operand;
        return value is IPropertyReferenceOperation { Property.Name: "Spec" } prop ? FactsOfType(prop.Property.ContainingType) : null;
    }

    private static SpecFacts? FactsOfType(INamedTypeSymbol? type)
    {
        if (type is null) return null;
        object? Get(string name) => type.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault(f => f.IsConst)?.ConstantValue;
        if (Get("Mean0") is not float m0 || Get("Mean1") is not float m1 || Get("Mean2") is not float m2 ||
            Get("Std0") is not float s0 || Get("Std1") is not float s1 || Get("Std2") is not float s2 ||
            Get("Width") is not int w || Get("Height") is not int h || Get("ResizeModeName") is not string mode || Get("InterpolationName") is not string interp) return null;
        return new SpecFacts(w, h, mode, interp, m0, m1, m2, s0, s1, s2);
    }
}

extern alias gen;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using PreprocessGen.CodeFixes;
using Xunit;
using ModelLoadAnalyzer = gen::PreprocessGen.Generator.ModelLoadAnalyzer;

namespace PreprocessGen.Generator.Tests;

/// <summary>PPG1001-PPG1004 and their code fixes, through Microsoft.CodeAnalysis.Testing markup.</summary>
public class UsageAnalyzerTests
{
    private static string Code(string body) => $@"
using PreprocessGen;
using Microsoft.ML.OnnxRuntime;

internal static class C
{{
    internal static void M(string runtimePath)
    {{
        {body}
    }}
}}";

    private static CSharpAnalyzerTest<ModelLoadAnalyzer, DefaultVerifier> Test(string body, params (string Path, string Text)[] files)
    {
        var test = new CSharpAnalyzerTest<ModelLoadAnalyzer, DefaultVerifier> { TestCode = Code(body), ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        test.TestState.AdditionalReferences.AddRange(Harness.References);
        foreach (var f in files) test.TestState.AdditionalFiles.Add(f);
        return test;
    }

    [Theory]
    [InlineData("models/ViT-B-16-SigLIP/visual.onnx")]          // OpenCLIP name in a folder
    [InlineData("vit-b-16-siglip.onnx")]                        // case and separators ignored
    [InlineData("hf/siglip-base-patch16-224/model.onnx")]        // Hugging Face repo name
    [InlineData("vit_base_patch16_siglip_224.augreg.onnx")]      // timm name
    [InlineData("checkpoints/mobileclip_s1/image_encoder.onnx")] // MobileCLIP-S1 from the folder
    [InlineData("pe-core-b16.onnx")]                             // family word
    public Task A_never_default_architecture_loaded_without_config_is_PPG1001(string path) =>
        Test($"using var s = {{|PPG1001:PreprocessedSession.Load(\"{path}\")|}};").RunAsync();

    [Fact]
    public Task The_architecture_argument_counts_and_raw_inference_sessions_are_checked() =>
        Test("using var a = {|PPG1001:PreprocessedSession.Load(runtimePath, architecture: \"ViT-SO400M-14-SigLIP\")|};\n" +
             "        using var b = {|PPG1001:new InferenceSession(\"ViT-SO400M-14-SigLIP/visual.onnx\")|};").RunAsync();

    [Fact]
    public Task No_diagnostic_for_default_architectures_unknown_paths_supplied_configs_or_visible_bundles() =>
        Test("using var a = PreprocessedSession.Load(\"models/ViT-B-32/visual.onnx\");\n" +
             "        using var b = PreprocessedSession.Load(runtimePath);\n" +
             "        using var c = PreprocessedSession.Load(\"ViT-B-16-SigLIP/visual.onnx\", preprocess: PreprocessGen.Pretrained.ViT_B_16_SigLIP.Webli.Spec);\n" +
             "        using var d = PreprocessedSession.Load(\"export/ViT-L-16-SigLIP-384/visual.onnx\");\n" +
             "        using var e = new InferenceSession(runtimePath);",
            ("/p/export/ViT-L-16-SigLIP-384/open_clip_config.json", "{\"model_cfg\": {}, \"preprocess_cfg\": {}}")).RunAsync();

    [Fact]
    public Task A_tag_dependent_architecture_is_PPG1003_info() =>
        Test("using var s = {|PPG1003:PreprocessedSession.Load(\"ViT-L-14/visual.onnx\")|};").RunAsync();

    [Fact]
    public Task A_config_that_contradicts_the_architecture_is_PPG1002() =>
        Test("using var s = {|PPG1002:PreprocessedSession.Load(\"ViT-B-16-SigLIP/visual.onnx\", preprocess: PreprocessGen.Pretrained.ViT_B_32.Openai.Spec)|};").RunAsync();

    [Fact]
    public async Task A_users_own_config_declaring_an_architecture_protects_its_checkpoints()
    {
        const string acme = "{\"name\": \"acme\", \"architecture\": \"AcmeNet-7\", \"image_size\": 256, \"resize_mode\": \"squash\", \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5]}";
        var test = Test("using var s = {|PPG1001:new InferenceSession(\"weights/acmenet7_v2.onnx\")|};", ("/p/configs/acme.preprocess.json", acme));
        await test.RunAsync();
    }

    [Fact]
    public Task Hand_typed_constants_are_PPG1004_info_when_exact_and_a_warning_when_mistyped()
    {
        var test = Test("var mean = {|#0:new float[] { 0.48145466f, 0.4578275f, 0.40821073f }|};\n        var std = {|#1:new double[] { 0.2686, 0.2613, 0.2758 }|};\n        var other = new float[] { 0.1f, 0.2f, 0.3f };");
        test.ExpectedDiagnostics.Add(new DiagnosticResult("PPG1004", DiagnosticSeverity.Info).WithLocation(0));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("PPG1004", DiagnosticSeverity.Warning).WithLocation(1));
        return test.RunAsync();
    }

    private static CSharpCodeFixTest<ModelLoadAnalyzer, TFix, DefaultVerifier> FixTest<TFix>(string before, string after)
        where TFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<ModelLoadAnalyzer, TFix, DefaultVerifier> { TestCode = Code(before), FixedCode = Code(after), ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        test.TestState.AdditionalReferences.AddRange(Harness.References);
        test.FixedState.AdditionalReferences.AddRange(Harness.References);
        return test;
    }

    [Fact]
    public Task The_PPG1001_fix_passes_the_catalog_config_and_the_warning_is_gone() =>
        FixTest<PassCatalogConfigFix>(
            "using var s = {|PPG1001:PreprocessedSession.Load(\"models/ViT-B-16-SigLIP/visual.onnx\")|};",
            "using var s = PreprocessedSession.Load(\"models/ViT-B-16-SigLIP/visual.onnx\", preprocess: global::PreprocessGen.Pretrained.ViT_B_16_SigLIP.Webli.Spec);").RunAsync();

    [Fact]
    public Task Fix_all_fixes_every_load_in_the_document()
    {
        var test = FixTest<PassCatalogConfigFix>(
            "using var a = {|PPG1001:PreprocessedSession.Load(\"a/ViT-B-16-SigLIP/visual.onnx\")|};\n        using var b = {|PPG1001:PreprocessedSession.Load(\"b/ViT-B-16-SigLIP/visual.onnx\")|};",
            "using var a = PreprocessedSession.Load(\"a/ViT-B-16-SigLIP/visual.onnx\", preprocess: global::PreprocessGen.Pretrained.ViT_B_16_SigLIP.Webli.Spec);\n        using var b = PreprocessedSession.Load(\"b/ViT-B-16-SigLIP/visual.onnx\", preprocess: global::PreprocessGen.Pretrained.ViT_B_16_SigLIP.Webli.Spec);");
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Fact]
    public Task The_PPG1003_fix_offers_one_config_per_differing_tag()
    {
        var test = FixTest<PassCatalogConfigFix>(
            "using var s = {|PPG1003:PreprocessedSession.Load(\"ViT-L-14/visual.onnx\")|};",
            "using var s = PreprocessedSession.Load(\"ViT-L-14/visual.onnx\", preprocess: global::PreprocessGen.Pretrained.ViT_L_14.Laion2bS32bB82k.Spec);");
        test.CodeActionEquivalenceKey = "PPG-catalog-ViT_L_14|Laion2bS32bB82k";
        return test.RunAsync();
    }

    /// <summary>What the generator emits for a config with an architecture (trimmed to what the analyzer reads).</summary>
    private const string GeneratedSiglip = @"
namespace MyApp.Preprocessing
{
    public static partial class Siglip
    {
        public const int Width = 224;
        public const int Height = 224;
        public const float Mean0 = (float)0.5D;
        public const float Mean1 = (float)0.5D;
        public const float Mean2 = (float)0.5D;
        public const float Std0 = (float)0.5D;
        public const float Std1 = (float)0.5D;
        public const float Std2 = (float)0.5D;
        public const string ResizeModeName = ""squash"";
        public const string InterpolationName = ""bicubic"";
        public const string Architecture = ""ViT-B-16-SigLIP"";
        public static global::PreprocessGen.PreprocessedSession LoadSession(string modelPath, global::Microsoft.ML.OnnxRuntime.SessionOptions? options = null) =>
            global::PreprocessGen.PreprocessedSession.Load(modelPath, null, null, options);
    }
}";

    [Fact]
    public Task The_typed_loader_fix_switches_to_the_generated_type()
    {
        var test = FixTest<PassCatalogConfigFix>(
            "using var s = {|PPG1001:PreprocessedSession.Load(\"models/ViT-B-16-SigLIP/visual.onnx\")|};",
            "using var s = global::MyApp.Preprocessing.Siglip.LoadSession(\"models/ViT-B-16-SigLIP/visual.onnx\");");
        test.TestState.Sources.Add(GeneratedSiglip);
        test.FixedState.Sources.Add(GeneratedSiglip);
        test.CodeActionEquivalenceKey = "PPG-loader-global::MyApp.Preprocessing.Siglip";
        return test.RunAsync();
    }

    [Fact]
    public Task A_generated_loader_used_on_another_architecture_is_PPG1002()
    {
        var test = Test("using var ok = MyApp.Preprocessing.Siglip.LoadSession(\"ViT-B-16-SigLIP/visual.onnx\");\n        using var bad = {|PPG1002:MyApp.Preprocessing.Siglip.LoadSession(\"mobileclip_s1/image.onnx\")|};");
        test.TestState.Sources.Add(GeneratedSiglip);
        return test.RunAsync();
    }

    [Fact]
    public Task The_PPG1004_fix_uses_the_catalog_constant() =>
        FixTest<UseCatalogConstantFix>(
            "var mean = {|PPG1004:new float[] { 0.48145466f, 0.4578275f, 0.40821073f }|};",
            "var mean = global::PreprocessGen.Pretrained.ViT_B_32.Openai.Mean.ToArray();").RunAsync();

    [Theory]
    [InlineData("using var s = PreprocessedSession.Load(")]
    [InlineData("using var s = PreprocessedSession.Load(\"ViT-B-16-SigLIP/x.onnx\", preprocess: );")]
    [InlineData("using var s = new InferenceSession(\"ViT-B-16-SigLIP/x.onnx\", );")]
    [InlineData("var a = new float[] { 0.48145466f, 0.4578275f, ")]
    [InlineData("PreprocessedSession.Load(null!, architecture: null, preprocess: null, options: null).Dispose();")]
    public async Task Broken_code_while_typing_never_crashes_an_analyzer(string body)
    {
        var compilation = Harness.Compilation(Code(body));
        var exceptions = new System.Collections.Generic.List<System.Exception>();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ModelLoadAnalyzer(), new gen::PreprocessGen.Generator.ConfigFileAnalyzer());
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (ex, _, _) => exceptions.Add(ex), true, false));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None);
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}

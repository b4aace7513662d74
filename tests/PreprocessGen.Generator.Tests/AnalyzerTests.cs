extern alias gen;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using ConfigFileAnalyzer = gen::PreprocessGen.Generator.ConfigFileAnalyzer;

namespace PreprocessGen.Generator.Tests;

/// <summary>
/// The config-file analyzer through Microsoft.CodeAnalysis.Testing: each diagnostic with a broken file, its ID,
/// severity, and the line and column in the JSON where the '@' marker was (the marker is removed before analysis).
/// </summary>
public class AnalyzerTests
{
    private static async Task Verify(string path, string marked, string id, DiagnosticSeverity severity)
    {
        int at = marked.IndexOf('@');
        string text = marked.Remove(at, 1);
        string before = text.Substring(0, at);
        int line = before.Count(c => c == '\n') + 1;
        int column = at - (before.LastIndexOf('\n') + 1) + 1;
        var test = new CSharpAnalyzerTest<ConfigFileAnalyzer, DefaultVerifier>
        {
            TestCode = "internal static class C { }",
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(Harness.References);
        test.TestState.AdditionalFiles.Add((path, text));
        // What the package's props make visible: the file is marked as a config (as MSBuild writes it, a global config).
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\n\n[{path}]\nbuild_metadata.AdditionalFiles.PreprocessGen_Config = true\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(id, severity).WithLocation(path, line, column));
        await test.RunAsync();
    }

    [Fact]
    public Task Invalid_json_is_PPG0001_at_the_first_syntax_error() =>
        Verify("/p/a.preprocess.json", "{\"image_size\": 224,\n \"mean\": [0.5, 0.5 @0.5], \"std\": [0.5, 0.5, 0.5]}", "PPG0001", DiagnosticSeverity.Error);

    [Fact]
    public Task An_unknown_canonical_key_is_a_PPG0002_warning_at_the_key() =>
        Verify("/p/a.preprocess.json", "{\"image_size\": 224, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5],\n  @\"interpolaton\": \"bicubic\"}", "PPG0002", DiagnosticSeverity.Warning);

    [Fact]
    public Task A_zero_std_is_PPG0003_at_the_value() =>
        Verify("/p/a.preprocess.json", "{\n  \"image_size\": 224,\n  \"mean\": [0.5, 0.5, 0.5],\n  \"std\": [0.5, @0, 0.5]\n}", "PPG0003", DiagnosticSeverity.Error);

    [Fact]
    public Task A_short_mean_in_a_hugging_face_file_is_PPG0003() =>
        Verify("/p/m/preprocessor_config.json", "{\"image_processor_type\": \"CLIPImageProcessor\",\n \"image_mean\": @[0.5, 0.5]}", "PPG0003", DiagnosticSeverity.Error);

    [Fact]
    public Task An_unknown_resample_code_is_PPG0003() =>
        Verify("/p/m/preprocessor_config.json", "{\"image_processor_type\": \"CLIPImageProcessor\", \"resample\": @9}", "PPG0003", DiagnosticSeverity.Error);

    [Fact]
    public Task An_unsupported_processor_is_PPG0004_naming_it() =>
        Verify("/p/m/preprocessor_config.json", "{\"image_processor_type\": @\"Qwen2VLImageProcessor\", \"min_pixels\": 3136}", "PPG0004", DiagnosticSeverity.Error);
}

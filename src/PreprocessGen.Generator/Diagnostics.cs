using Microsoft.CodeAnalysis;
using PreprocessGen.Config;

namespace PreprocessGen.Generator;

/// <summary>The config-file diagnostics, one descriptor per ID, each linking to its page.</summary>
internal static class Descriptors
{
    private const string Category = "PreprocessGen.Config";
    private const string HelpBase = "https://github.com/preprocessgen/preprocessgen/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor InvalidJson = Make(ProblemCodes.InvalidJson, "Invalid JSON in a preprocess config", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor UnknownKey = Make(ProblemCodes.UnknownKey, "Unknown key in a canonical preprocess config", DiagnosticSeverity.Warning);
    public static readonly DiagnosticDescriptor InvalidValue = Make(ProblemCodes.InvalidValue, "Invalid value in a preprocess config", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor Unsupported = Make(ProblemCodes.Unsupported, "Unsupported preprocess config", DiagnosticSeverity.Error);
    public static readonly DiagnosticDescriptor DuplicateTypeName = new(
        ProblemCodes.DuplicateTypeName, "Two preprocess configs map to one type name", "{0}", Category, DiagnosticSeverity.Error,
        isEnabledByDefault: true, helpLinkUri: HelpBase + ProblemCodes.DuplicateTypeName + ".md", customTags: WellKnownDiagnosticTags.CompilationEnd);

    private const string UsageCategory = "PreprocessGen.Usage";

    public static readonly DiagnosticDescriptor MissingConfig = new("PPG1001", "A checkpoint is loaded without the preprocessing its architecture needs",
        "{0}", UsageCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpBase + "PPG1001.md");

    public static readonly DiagnosticDescriptor ContradictingConfig = new("PPG1002", "The preprocess config contradicts the model's architecture",
        "{0}", UsageCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpBase + "PPG1002.md");

    public static readonly DiagnosticDescriptor TagDependent = new("PPG1003", "The preprocessing of this architecture depends on the pretrained tag",
        "{0}", UsageCategory, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpBase + "PPG1003.md");

    public static readonly DiagnosticDescriptor HandTypedConstants = new("PPG1004", "Normalization constants typed by hand",
        "{0}", UsageCategory, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpBase + "PPG1004.md");

    public static DiagnosticDescriptor For(string code) => code switch
    {
        ProblemCodes.InvalidJson => InvalidJson,
        ProblemCodes.UnknownKey => UnknownKey,
        ProblemCodes.Unsupported => Unsupported,
        ProblemCodes.DuplicateTypeName => DuplicateTypeName,
        _ => InvalidValue,
    };

    private static DiagnosticDescriptor Make(string id, string title, DiagnosticSeverity severity) =>
        new(id, title, "{0}", Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");

    /// <summary>The message: what is wrong, the field, and the fix.</summary>
    public static string Message(ConfigProblem p) =>
        p.Field.Length > 0 ? $"{p.Message} [{p.Field}]. Fix: {p.Fix}" : $"{p.Message}. Fix: {p.Fix}";
}

using PreprocessGen.Config;

namespace PreprocessGen.Generator;

/// <summary>
/// What the generator knows about one config after parsing: plain values only (no Roslyn objects, no source text), so
/// that a whitespace edit of the file produces an equal model and the output stays cached.
/// </summary>
internal sealed record ConfigModel(string FilePath, string RelativePath, string Namespace, string TypeName, PreprocessSpec? Spec, string? Catalog)
{
    public bool IsValid => Spec is not null;
}

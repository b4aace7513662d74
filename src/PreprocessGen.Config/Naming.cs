using System;
using System.Text;

namespace PreprocessGen.Config;

/// <summary>
/// How config files, architectures and pretrained tags become C# identifiers. The source generator, the analyzers and
/// their code fixes all use these rules, so a name written by one is the name the others find.
/// </summary>
public static class Naming
{
    /// <summary>
    /// PascalCase from words split at every character that is not a letter or digit:
    /// <c>vit-b-16-siglip</c> -> <c>VitB16Siglip</c>, <c>laion2b_s34b_b79k</c> -> <c>Laion2bS34bB79k</c>.
    /// Letters inside a word keep their case after the first (<c>ViT-L-14</c> -> <c>ViTL14</c>). A result that would start
    /// with a digit gets a leading underscore; an empty result is <c>_</c>.
    /// </summary>
    public static string ToPascalCase(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var sb = new StringBuilder(text.Length);
        bool startOfWord = true;
        foreach (char ch in text)
        {
            if (!char.IsLetterOrDigit(ch) || ch > 0x7F)
            {
                startOfWord = true;
                continue;
            }

            sb.Append(startOfWord ? char.ToUpperInvariant(ch) : ch);
            startOfWord = false;
        }

        return Finish(sb);
    }

    /// <summary>
    /// The nested class name of an OpenCLIP architecture in <c>Pretrained</c>: every character that cannot appear in an
    /// identifier becomes <c>_</c>, case kept: <c>ViT-B-16-SigLIP</c> -> <c>ViT_B_16_SigLIP</c>,
    /// <c>EVA02-E-14-plus</c> -> <c>EVA02_E_14_plus</c>, <c>convnext_base_w</c> stays as it is.
    /// </summary>
    public static string ArchitectureTypeName(string architecture)
    {
        if (architecture is null) throw new ArgumentNullException(nameof(architecture));
        var sb = new StringBuilder(architecture.Length);
        foreach (char ch in architecture)
            sb.Append(ch <= 0x7F && (char.IsLetterOrDigit(ch) || ch == '_') ? ch : '_');
        return Finish(sb);
    }

    /// <summary>The member name of a pretrained tag: <see cref="ToPascalCase"/> (<c>webli</c> -> <c>Webli</c>).</summary>
    public static string TagMemberName(string pretrained) => ToPascalCase(pretrained);

    /// <summary>An architecture name as the path matchers compare it: lower case, without '-', '_', '.' and ' ' (<c>ViT-B-16</c> -> <c>vitb16</c>).</summary>
    public static string SquashArchitecture(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
            if (c != '-' && c != '_' && c != '.' && c != ' ') sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>
    /// True when the squashed <paramref name="name"/> occurs in the squashed <paramref name="text"/>, and a name ending in
    /// a digit is not followed by another digit (<c>rn50</c> is not in <c>rn501</c>).
    /// </summary>
    public static bool ContainsArchitecture(string text, string name)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (string.IsNullOrEmpty(name)) return false;
        for (int i = text.IndexOf(name, StringComparison.Ordinal); i >= 0; i = text.IndexOf(name, i + 1, StringComparison.Ordinal))
        {
            int end = i + name.Length;
            if (end == text.Length || !char.IsDigit(text[end]) || !char.IsDigit(name[name.Length - 1])) return true;
        }

        return false;
    }

    private static string Finish(StringBuilder sb)
    {
        if (sb.Length == 0) return "_";
        if (char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }
}

using System;
using System.Collections.Generic;
using PreprocessGen.Config.Json;

namespace PreprocessGen.Config;

/// <summary>How serious a problem is.</summary>
public enum ProblemSeverity
{
    /// <summary>The config is used, but something in it is probably a mistake.</summary>
    Warning,
    /// <summary>The config cannot be used.</summary>
    Error,
}

/// <summary>The problem codes, shared by the parser, the analyzers and the CLI. Each has a page in <c>docs/diagnostics/</c>.</summary>
public static class ProblemCodes
{
    /// <summary>The file is not valid JSON (error).</summary>
    public const string InvalidJson = "PPG0001";
    /// <summary>An unknown key in a canonical config, usually a typo (warning). Other dialects ignore irrelevant keys.</summary>
    public const string UnknownKey = "PPG0002";
    /// <summary>An invalid value (error): wrong JSON type, a missing required key, mean/std not three finite numbers,
    /// a std not positive, a size not positive or absurd, an unknown interpolation/resize mode/resample code, a value
    /// out of range, or geometry that contradicts itself.</summary>
    public const string InvalidValue = "PPG0003";
    /// <summary>A processor type or file that cannot be reproduced exactly (error, naming it).</summary>
    public const string Unsupported = "PPG0004";
    /// <summary>Two configs map to the same generated type name (error; reported by the generator).</summary>
    public const string DuplicateTypeName = "PPG0005";
}

/// <summary>One problem found in a config file: what, where and how to fix it.</summary>
public sealed record ConfigProblem
{
    /// <summary>The problem code (<c>PPG00xx</c>, see <see cref="ProblemCodes"/>).</summary>
    public string Code { get; init; } = "";

    /// <summary>Error or warning.</summary>
    public ProblemSeverity Severity { get; init; } = ProblemSeverity.Error;

    /// <summary>The JSON path of the field concerned (e.g. <c>preprocess_cfg.mean</c>), or empty for the whole file.</summary>
    public string Field { get; init; } = "";

    /// <summary>What is wrong.</summary>
    public string Message { get; init; } = "";

    /// <summary>How to fix it.</summary>
    public string Fix { get; init; } = "";

    /// <summary>The file path as given, or null.</summary>
    public string? FilePath { get; init; }

    /// <summary>The span of the offending text.</summary>
    public TextSpan Span { get; init; }

    /// <summary>1-based line of the span start.</summary>
    public int Line { get; init; } = 1;

    /// <summary>1-based column of the span start, in UTF-16 code units.</summary>
    public int Column { get; init; } = 1;

    /// <summary>1-based line of the span end.</summary>
    public int EndLine { get; init; } = 1;

    /// <summary>1-based column of the span end.</summary>
    public int EndColumn { get; init; } = 1;

    /// <summary>MSBuild-style text: <c>file(line,col): error PPG0005: message [field] Fix: ...</c>.</summary>
    public override string ToString()
    {
        string where = FilePath is null ? "" : $"{FilePath}({Line},{Column}): ";
        string field = Field.Length == 0 ? "" : $" [{Field}]";
        string fix = Fix.Length == 0 ? "" : $" Fix: {Fix}";
        return $"{where}{(Severity == ProblemSeverity.Error ? "error" : "warning")} {Code}: {Message}{field}.{fix}";
    }
}

/// <summary>Maps offsets of a text to 1-based lines and columns (LF, CRLF and CR line ends).</summary>
public sealed class LineMap
{
    private readonly List<int> _starts = new() { 0 };

    /// <summary>Builds the map of <paramref name="text"/>.</summary>
    public LineMap(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) _starts.Add(i + 1);
        }
    }

    /// <summary>The 1-based line and column of <paramref name="offset"/>.</summary>
    public (int Line, int Column) Locate(int offset)
    {
        int index = _starts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        index = Math.Max(0, index);
        return (index + 1, offset - _starts[index] + 1);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using PreprocessGen.Config.Json;

namespace PreprocessGen.Config;

/// <summary>Collects problems while a dialect maps JSON into a spec, and reads typed values with located problems.</summary>
internal sealed class ParseContext
{
    /// <summary>Sizes above this are rejected as absurd.</summary>
    public const int MaxSize = 16384;

    private readonly LineMap _lines;
    private readonly string? _path;

    /// <summary>The file being parsed, or null.</summary>
    public string? FilePath => _path;

    public ParseContext(string text, string? path)
    {
        _lines = new LineMap(text);
        _path = path;
        TextLength = text.Length;
    }

    public List<ConfigProblem> Problems { get; } = new();

    public int TextLength { get; }

    public bool HasErrors
    {
        get
        {
            foreach (var p in Problems) if (p.Severity == ProblemSeverity.Error) return true;
            return false;
        }
    }

    public void Report(string code, TextSpan span, string field, string message, string fix, ProblemSeverity severity = ProblemSeverity.Error)
    {
        var (line, col) = _lines.Locate(span.Start);
        var (endLine, endCol) = _lines.Locate(span.End);
        Problems.Add(new ConfigProblem
        {
            Code = code, Severity = severity, Field = field, Message = message, Fix = fix, FilePath = _path,
            Span = span, Line = line, Column = col, EndLine = endLine, EndColumn = endCol,
        });
    }

    public void WrongType(JsonNode node, string field, string expected, string fix) =>
        Report(ProblemCodes.InvalidValue, node.Span, field, $"'{field}' must be {expected}, not {node.KindName}", fix);

    /// <summary>Reads an optional boolean; null (or absent) gives <paramref name="fallback"/>.</summary>
    public bool ReadBool(JsonNode? node, string field, bool fallback)
    {
        if (node is null || node.Kind == JsonKind.Null) return fallback;
        if (node.Kind == JsonKind.Boolean) return node.BooleanValue;
        WrongType(node, field, "true or false", $"write \"{Leaf(field)}\": true or false");
        return fallback;
    }

    /// <summary>Reads an optional string; null (or absent) gives null.</summary>
    public string? ReadString(JsonNode? node, string field)
    {
        if (node is null || node.Kind == JsonKind.Null) return null;
        if (node.Kind == JsonKind.String) return node.StringValue;
        WrongType(node, field, "a string", $"put the value of \"{Leaf(field)}\" in double quotes");
        return null;
    }

    /// <summary>Reads a size (a positive whole number up to <see cref="MaxSize"/>).</summary>
    public int? ReadSize(JsonNode node, string field)
    {
        if (node.Kind != JsonKind.Number)
        {
            WrongType(node, field, "a whole number of pixels", $"write a positive whole number, e.g. \"{Leaf(field)}\": 224");
            return null;
        }

        if (!node.IsInteger(out int v))
        {
            Report(ProblemCodes.InvalidValue, node.Span, field, $"'{field}' is {node.Raw}, which is not a whole number of pixels", "write a positive whole number, e.g. 224");
            return null;
        }

        if (v <= 0 || v > MaxSize)
        {
            Report(ProblemCodes.InvalidValue, node.Span, field, $"'{field}' is {v}; a size must be between 1 and {MaxSize}", "write the model's input size in pixels, e.g. 224");
            return null;
        }

        return v;
    }

    /// <summary>Reads a size given as one number (square) or as [height, width]; null for bad input.</summary>
    public (int H, int W)? ReadSizePair(JsonNode node, string field)
    {
        if (node.Kind == JsonKind.Array)
        {
            if (node.Items.Count != 2)
            {
                Report(ProblemCodes.InvalidValue, node.Span, field, $"'{field}' has {node.Items.Count} items; a size is one number or [height, width]", "write e.g. 224 or [224, 224]");
                return null;
            }

            int? h = ReadSize(node.Items[0], field + "[0]");
            int? w = ReadSize(node.Items[1], field + "[1]");
            return h is null || w is null ? null : (h.Value, w.Value);
        }

        if (node.Kind != JsonKind.Number)
        {
            WrongType(node, field, "a number or [height, width]", "write e.g. 224 or [224, 224]");
            return null;
        }

        int? s = ReadSize(node, field);
        return s is null ? null : (s.Value, s.Value);
    }

    /// <summary>Reads mean or std: three finite numbers (or one, broadcast, when <paramref name="allowScalar"/>).</summary>
    public Rgb? ReadRgb(JsonNode node, string field, bool isStd, bool allowScalar)
    {
        string example = isStd ? "[0.26862954, 0.26130258, 0.27577711]" : "[0.48145466, 0.4578275, 0.40821073]";
        double[] v;
        if (node.Kind == JsonKind.Number && allowScalar)
        {
            v = new[] { node.NumberValue, node.NumberValue, node.NumberValue };
        }
        else if (node.Kind == JsonKind.Array)
        {
            var items = node.Items;
            if (items.Count == 1 && allowScalar && items[0].Kind == JsonKind.Number)
            {
                v = new[] { items[0].NumberValue, items[0].NumberValue, items[0].NumberValue };
            }
            else if (items.Count != 3)
            {
                Report(ProblemCodes.InvalidValue, node.Span, field, $"'{field}' has {items.Count} values; it needs one per channel (3)", $"write three numbers, e.g. {example}");
                return null;
            }
            else
            {
                v = new double[3];
                for (int i = 0; i < 3; i++)
                {
                    if (items[i].Kind != JsonKind.Number)
                    {
                        Report(ProblemCodes.InvalidValue, items[i].Span, field, $"'{field}[{i}]' is {items[i].KindName}, not a number", $"write three numbers, e.g. {example}");
                        return null;
                    }

                    v[i] = items[i].NumberValue;
                }
            }
        }
        else
        {
            Report(ProblemCodes.InvalidValue, node.Span, field, $"'{field}' is {node.KindName}; it must be a list of 3 numbers", $"write three numbers, e.g. {example}");
            return null;
        }

        for (int i = 0; i < 3; i++)
        {
            JsonNode at = node.Kind == JsonKind.Array && node.Items.Count == 3 ? node.Items[i] : node;
            if (double.IsNaN(v[i]) || double.IsInfinity(v[i]))
            {
                Report(ProblemCodes.InvalidValue, at.Span, field, $"'{field}[{i}]' is {at.Raw ?? v[i].ToString(CultureInfo.InvariantCulture)}, which is not a finite number", $"write a finite number, e.g. {example}");
                return null;
            }

            if (isStd && v[i] <= 0)
            {
                Report(ProblemCodes.InvalidValue, at.Span, field, $"'{field}[{i}]' is {at.Raw}; a std must be greater than 0 (it divides)", $"write a positive std, e.g. {example}");
                return null;
            }
        }

        return new Rgb(v[0], v[1], v[2]);
    }

    /// <summary>Reads a fill colour: one integer 0..255 or three.</summary>
    public Rgb24? ReadFill(JsonNode node, string field)
    {
        if (node.Kind == JsonKind.Array && node.Items.Count == 3)
        {
            byte? r = ReadByte(node.Items[0], field + "[0]"), g = ReadByte(node.Items[1], field + "[1]"), b = ReadByte(node.Items[2], field + "[2]");
            return r is null || g is null || b is null ? null : new Rgb24(r.Value, g.Value, b.Value);
        }

        if (node.Kind == JsonKind.Number)
        {
            byte? x = ReadByte(node, field);
            return x is null ? null : new Rgb24(x.Value, x.Value, x.Value);
        }

        WrongType(node, field, "a number 0..255 or [r, g, b]", "write e.g. 0 or [124, 116, 104]");
        return null;
    }

    private byte? ReadByte(JsonNode node, string field)
    {
        if (node.IsInteger(out int v) && v >= 0 && v <= 255) return (byte)v;
        if (node.Kind != JsonKind.Number) WrongType(node, field, "a whole number 0..255", "write a whole number from 0 to 255");
        else Report(ProblemCodes.InvalidValue, node.Span, field, $"'{field}' is {node.Raw}; a fill colour channel is a whole number from 0 to 255", "write a whole number from 0 to 255");
        return null;
    }

    /// <summary>Reads a positive finite number (e.g. a rescale factor or crop_pct) within (0, max].</summary>
    public double? ReadPositive(JsonNode node, string field, double max, string example)
    {
        if (node.Kind != JsonKind.Number)
        {
            WrongType(node, field, "a number", $"write e.g. \"{Leaf(field)}\": {example}");
            return null;
        }

        double v = node.NumberValue;
        if (double.IsNaN(v) || double.IsInfinity(v) || v <= 0 || v > max)
        {
            Report(ProblemCodes.InvalidValue, node.Span, field, $"'{field}' is {node.Raw}; it must be greater than 0 and at most {max.ToString(CultureInfo.InvariantCulture)}", $"write e.g. \"{Leaf(field)}\": {example}");
            return null;
        }

        return v;
    }

    public static string Leaf(string field)
    {
        int dot = field.LastIndexOf('.');
        string leaf = dot < 0 ? field : field.Substring(dot + 1);
        int bracket = leaf.IndexOf('[');
        return bracket < 0 ? leaf : leaf.Substring(0, bracket);
    }

    public static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    public static bool ParseInterpolationName(string s, out Interpolation value)
    {
        switch (s.ToLowerInvariant())
        {
            case "nearest": value = Interpolation.Nearest; return true;
            case "lanczos": value = Interpolation.Lanczos; return true;
            case "bilinear": value = Interpolation.Bilinear; return true;
            case "bicubic": value = Interpolation.Bicubic; return true;
            case "box": value = Interpolation.Box; return true;
            case "hamming": value = Interpolation.Hamming; return true;
            default: value = Interpolation.Bicubic; return false;
        }
    }
}

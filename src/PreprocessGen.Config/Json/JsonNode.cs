using System;
using System.Collections.Generic;

namespace PreprocessGen.Config.Json;

/// <summary>The kind of a JSON value.</summary>
public enum JsonKind
{
    /// <summary>An object.</summary>
    Object,
    /// <summary>An array.</summary>
    Array,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number (including the non-standard NaN and Infinity tokens that Python's json module writes).</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>null.</summary>
    Null,
}

/// <summary>A span of source text: a start offset and a length, in UTF-16 code units.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The offset just past the span.</summary>
    public int End => Start + Length;
}

/// <summary>
/// A node of a parsed JSON document. Every node keeps the span of its source text and, for scalars, the raw token,
/// so problems can point at the exact characters and numbers keep the digits the file was written with.
/// </summary>
public sealed class JsonNode
{
    private readonly List<KeyValuePair<JsonProperty, JsonNode>>? _members;
    private readonly List<JsonNode>? _items;

    private JsonNode(JsonKind kind, TextSpan span, string? raw, string? text, double number, bool boolean,
        List<KeyValuePair<JsonProperty, JsonNode>>? members, List<JsonNode>? items)
    {
        Kind = kind;
        Span = span;
        Raw = raw;
        StringValue = text;
        NumberValue = number;
        BooleanValue = boolean;
        _members = members;
        _items = items;
    }

    /// <summary>The kind of this value.</summary>
    public JsonKind Kind { get; }

    /// <summary>Where this value stands in the source text.</summary>
    public TextSpan Span { get; }

    /// <summary>The raw token for numbers, booleans and null; null for containers and strings.</summary>
    public string? Raw { get; }

    /// <summary>The decoded value of a string.</summary>
    public string? StringValue { get; }

    /// <summary>The value of a number.</summary>
    public double NumberValue { get; }

    /// <summary>The value of a boolean.</summary>
    public bool BooleanValue { get; }

    /// <summary>The members of an object, in source order (empty for other kinds).</summary>
    public IReadOnlyList<KeyValuePair<JsonProperty, JsonNode>> Members =>
        (IReadOnlyList<KeyValuePair<JsonProperty, JsonNode>>?)_members ?? System.Array.Empty<KeyValuePair<JsonProperty, JsonNode>>();

    /// <summary>The items of an array (empty for other kinds).</summary>
    public IReadOnlyList<JsonNode> Items => (IReadOnlyList<JsonNode>?)_items ?? System.Array.Empty<JsonNode>();

    /// <summary>A human-readable name of the kind, for messages ("an object", "a number", ...).</summary>
    public string KindName => Describe(Kind);

    /// <summary>Finds the member of an object by exact (case-sensitive) name.</summary>
    public bool TryGet(string name, out JsonNode value, out JsonProperty property)
    {
        if (_members is not null)
        {
            foreach (var m in _members)
            {
                if (string.Equals(m.Key.Name, name, StringComparison.Ordinal))
                {
                    value = m.Value;
                    property = m.Key;
                    return true;
                }
            }
        }

        value = null!;
        property = default;
        return false;
    }

    /// <summary>Finds the member of an object by exact name, or null.</summary>
    public JsonNode? Get(string name) => TryGet(name, out var v, out _) ? v : null;

    /// <summary>True when the value is a number with no fractional part that fits an <see cref="int"/>.</summary>
    public bool IsInteger(out int value)
    {
        value = 0;
        if (Kind != JsonKind.Number || double.IsNaN(NumberValue) || double.IsInfinity(NumberValue)) return false;
        if (NumberValue != Math.Floor(NumberValue) || NumberValue < int.MinValue || NumberValue > int.MaxValue) return false;
        value = (int)NumberValue;
        return true;
    }

    internal static string Describe(JsonKind kind) => kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.Boolean => "a boolean",
        _ => "null",
    };

    internal static JsonNode Object(TextSpan span, List<KeyValuePair<JsonProperty, JsonNode>> members) =>
        new(JsonKind.Object, span, null, null, 0, false, members, null);

    internal static JsonNode Array(TextSpan span, List<JsonNode> items) =>
        new(JsonKind.Array, span, null, null, 0, false, null, items);

    internal static JsonNode String(TextSpan span, string value) =>
        new(JsonKind.String, span, null, value, 0, false, null, null);

    internal static JsonNode Number(TextSpan span, string raw, double value) =>
        new(JsonKind.Number, span, raw, null, value, false, null, null);

    internal static JsonNode Boolean(TextSpan span, bool value) =>
        new(JsonKind.Boolean, span, value ? "true" : "false", null, 0, value, null, null);

    internal static JsonNode Null(TextSpan span) => new(JsonKind.Null, span, "null", null, 0, false, null, null);
}

/// <summary>The name of an object member and the span of its key token.</summary>
public readonly record struct JsonProperty(string Name, TextSpan Span);

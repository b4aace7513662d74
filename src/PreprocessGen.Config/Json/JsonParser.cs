using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PreprocessGen.Config.Json;

/// <summary>The reason a text is not valid JSON, and where.</summary>
public sealed class JsonSyntaxError
{
    internal JsonSyntaxError(string message, TextSpan span)
    {
        Message = message;
        Span = span;
    }

    /// <summary>What is wrong, in words.</summary>
    public string Message { get; }

    /// <summary>Where it is wrong.</summary>
    public TextSpan Span { get; }
}

/// <summary>
/// A small, dependency-free JSON reader that keeps spans. It accepts what real config files contain: standard JSON,
/// <c>//</c> and <c>/* */</c> comments, Python's <c>NaN</c>/<c>Infinity</c> tokens, and a leading byte-order mark.
/// It rejects duplicate keys (a config whose meaning depends on which duplicate wins is an error), nesting deeper than
/// <see cref="MaxDepth"/>, and texts longer than <see cref="MaxLength"/>. It never throws on bad input.
/// </summary>
public static class JsonParser
{
    /// <summary>The deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>The longest text accepted, in characters (1 MiB).</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>Parses <paramref name="text"/>; returns false with <paramref name="error"/> set on invalid input.</summary>
    public static bool TryParse(string text, out JsonNode root, out JsonSyntaxError? error)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        root = null!;
        if (text.Length > MaxLength)
        {
            error = new JsonSyntaxError($"the file is {text.Length} characters long; configs are limited to {MaxLength}", new TextSpan(0, 0));
            return false;
        }

        var reader = new Reader(text);
        try
        {
            reader.SkipTrivia();
            root = reader.ReadValue(0);
            reader.SkipTrivia();
            if (reader.Position < text.Length)
            {
                throw reader.Fail("unexpected text after the end of the JSON value", reader.Position, 1);
            }

            error = null;
            return true;
        }
        catch (ParseException ex)
        {
            error = ex.Error;
            return false;
        }
    }

    private sealed class ParseException : Exception
    {
        public ParseException(JsonSyntaxError error) : base(error.Message) => Error = error;

        public JsonSyntaxError Error { get; }
    }

    private struct Reader
    {
        private readonly string _text;

        public Reader(string text)
        {
            _text = text;
            Position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        }

        public int Position;

        public ParseException Fail(string message, int start, int length)
        {
            if (start >= _text.Length) { start = _text.Length; length = 0; }
            else if (start + length > _text.Length) length = _text.Length - start;
            return new ParseException(new JsonSyntaxError(message, new TextSpan(start, length)));
        }

        public void SkipTrivia()
        {
            while (Position < _text.Length)
            {
                char c = _text[Position];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    Position++;
                }
                else if (c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '/')
                {
                    while (Position < _text.Length && _text[Position] != '\n') Position++;
                }
                else if (c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '*')
                {
                    int start = Position;
                    int end = _text.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                    if (end < 0) throw Fail("unterminated comment", start, 2);
                    Position = end + 2;
                }
                else
                {
                    return;
                }
            }
        }

        public JsonNode ReadValue(int depth)
        {
            if (Position >= _text.Length) throw Fail("unexpected end of file; a value was expected", Position, 0);
            char c = _text[Position];
            switch (c)
            {
                case '{': return ReadObject(depth + 1);
                case '[': return ReadArray(depth + 1);
                case '"': { int s = Position; string v = ReadString(); return JsonNode.String(new TextSpan(s, Position - s), v); }
                case 't': return ReadLiteral("true", JsonNode.Boolean(new TextSpan(Position, 4), true));
                case 'f': return ReadLiteral("false", JsonNode.Boolean(new TextSpan(Position, 5), false));
                case 'n': return ReadLiteral("null", JsonNode.Null(new TextSpan(Position, 4)));
                case 'N': return ReadLiteral("NaN", JsonNode.Number(new TextSpan(Position, 3), "NaN", double.NaN));
                case 'I': return ReadLiteral("Infinity", JsonNode.Number(new TextSpan(Position, 8), "Infinity", double.PositiveInfinity));
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Fail($"unexpected character '{Printable(c)}'; a value was expected", Position, 1);
            }
        }

        private JsonNode ReadLiteral(string word, JsonNode node)
        {
            if (string.CompareOrdinal(_text, Position, word, 0, word.Length) != 0)
            {
                throw Fail($"unexpected token; did you mean '{word}'?", Position, TokenLength());
            }

            Position += word.Length;
            return node;
        }

        private int TokenLength()
        {
            int i = Position;
            while (i < _text.Length && (char.IsLetterOrDigit(_text[i]) || _text[i] == '_' || _text[i] == '.' || _text[i] == '-' || _text[i] == '+')) i++;
            return Math.Max(1, i - Position);
        }

        private JsonNode ReadNumber()
        {
            int start = Position;
            if (_text[Position] == '-')
            {
                Position++;
                if (Position < _text.Length && _text[Position] == 'I')
                {
                    if (string.CompareOrdinal(_text, Position, "Infinity", 0, 8) != 0) throw Fail("invalid number", start, TokenLength());
                    Position += 8;
                    return JsonNode.Number(new TextSpan(start, 9), "-Infinity", double.NegativeInfinity);
                }
            }

            int digits = Position;
            while (Position < _text.Length && char.IsDigit(_text[Position]) && _text[Position] < 128) Position++;
            if (Position == digits) throw Fail("invalid number: a digit was expected", start, Math.Max(1, Position - start));
            if (_text[digits] == '0' && Position - digits > 1) throw Fail("invalid number: leading zeros are not allowed", start, Position - start);
            if (Position < _text.Length && _text[Position] == '.')
            {
                Position++;
                int frac = Position;
                while (Position < _text.Length && _text[Position] >= '0' && _text[Position] <= '9') Position++;
                if (Position == frac) throw Fail("invalid number: a digit was expected after '.'", start, Position - start);
            }

            if (Position < _text.Length && (_text[Position] == 'e' || _text[Position] == 'E'))
            {
                Position++;
                if (Position < _text.Length && (_text[Position] == '+' || _text[Position] == '-')) Position++;
                int exp = Position;
                while (Position < _text.Length && _text[Position] >= '0' && _text[Position] <= '9') Position++;
                if (Position == exp) throw Fail("invalid number: a digit was expected in the exponent", start, Position - start);
            }

            if (Position < _text.Length && (char.IsLetter(_text[Position]) || _text[Position] == '_'))
            {
                while (Position < _text.Length && char.IsLetterOrDigit(_text[Position])) Position++;
                throw Fail("invalid number", start, Position - start);
            }

            string raw = _text.Substring(start, Position - start);
            double value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            return JsonNode.Number(new TextSpan(start, Position - start), raw, value);
        }

        private string ReadString()
        {
            int start = Position;
            Position++; // opening quote
            StringBuilder? sb = null;
            int runStart = Position;
            while (true)
            {
                if (Position >= _text.Length) throw Fail("unterminated string", start, 1);
                char c = _text[Position];
                if (c == '"')
                {
                    string result = sb is null
                        ? _text.Substring(runStart, Position - runStart)
                        : sb.Append(_text, runStart, Position - runStart).ToString();
                    Position++;
                    return result;
                }

                if (c == '\n' || c == '\r') throw Fail("unterminated string (line break inside a string)", start, Position - start);
                if (c < 0x20) throw Fail("control character inside a string; escape it", Position, 1);
                if (c != '\\')
                {
                    Position++;
                    continue;
                }

                sb ??= new StringBuilder();
                sb.Append(_text, runStart, Position - runStart);
                if (Position + 1 >= _text.Length) throw Fail("unterminated string", start, 1);
                char e = _text[Position + 1];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (Position + 6 > _text.Length ||
                            !ushort.TryParse(_text.Substring(Position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                        {
                            throw Fail("invalid \\u escape: four hex digits were expected", Position, Math.Min(6, _text.Length - Position));
                        }

                        sb.Append((char)code);
                        Position += 4;
                        break;
                    default:
                        throw Fail($"invalid escape '\\{Printable(e)}'", Position, 2);
                }

                Position += 2;
                runStart = Position;
            }
        }

        private JsonNode ReadObject(int depth)
        {
            int start = Position;
            if (depth > MaxDepth) throw Fail($"nesting is deeper than {MaxDepth} levels", start, 1);
            Position++;
            var members = new List<KeyValuePair<JsonProperty, JsonNode>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            SkipTrivia();
            if (Position < _text.Length && _text[Position] == '}')
            {
                Position++;
                return JsonNode.Object(new TextSpan(start, Position - start), members);
            }

            int comma = -1;
            while (true)
            {
                SkipTrivia();
                if (Position >= _text.Length) throw Fail("unexpected end of file inside an object; '}' is missing", start, 1);
                if (_text[Position] != '"')
                {
                    if (_text[Position] == '}' && comma >= 0) throw Fail("a trailing comma before '}' is not allowed", comma, 1);
                    throw Fail("a property name in double quotes was expected", Position, 1);
                }

                int keyStart = Position;
                string key = ReadString();
                var keySpan = new TextSpan(keyStart, Position - keyStart);
                if (!seen.Add(key)) throw Fail($"duplicate key \"{key}\"; each key may appear once", keyStart, keySpan.Length);
                SkipTrivia();
                if (Position >= _text.Length || _text[Position] != ':') throw Fail($"':' was expected after the key \"{key}\"", Position, 1);
                Position++;
                SkipTrivia();
                JsonNode value = ReadValue(depth);
                members.Add(new KeyValuePair<JsonProperty, JsonNode>(new JsonProperty(key, keySpan), value));
                SkipTrivia();
                if (Position >= _text.Length) throw Fail("unexpected end of file inside an object; '}' is missing", start, 1);
                char c = _text[Position];
                if (c == ',') { comma = Position++; continue; }
                if (c == '}') { Position++; return JsonNode.Object(new TextSpan(start, Position - start), members); }
                throw Fail("',' or '}' was expected", Position, 1);
            }
        }

        private JsonNode ReadArray(int depth)
        {
            int start = Position;
            if (depth > MaxDepth) throw Fail($"nesting is deeper than {MaxDepth} levels", start, 1);
            Position++;
            var items = new List<JsonNode>();
            SkipTrivia();
            if (Position < _text.Length && _text[Position] == ']')
            {
                Position++;
                return JsonNode.Array(new TextSpan(start, Position - start), items);
            }

            int comma = -1;
            while (true)
            {
                SkipTrivia();
                if (Position < _text.Length && _text[Position] == ']') throw Fail("a trailing comma before ']' is not allowed", comma, 1);
                items.Add(ReadValue(depth));
                SkipTrivia();
                if (Position >= _text.Length) throw Fail("unexpected end of file inside an array; ']' is missing", start, 1);
                char c = _text[Position];
                if (c == ',') { comma = Position++; continue; }
                if (c == ']') { Position++; return JsonNode.Array(new TextSpan(start, Position - start), items); }
                throw Fail("',' or ']' was expected", Position, 1);
            }
        }

        private static string Printable(char c) => c < 0x20 ? $"\\u{(int)c:X4}" : c.ToString();
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PreprocessGen.Runtime.Onnx;

/// <summary>
/// Reads and writes the <c>metadata_props</c> of an ONNX file (ModelProto field 14, key/value strings) by walking the
/// top-level protobuf fields: the graph and its weights are copied through as bytes, never parsed or re-serialized.
/// </summary>
public static class OnnxModelFile
{
    /// <summary>The metadata key that holds a model's preprocessing as canonical JSON.</summary>
    public const string PreprocessMetadataKey = "preprocessgen.preprocess";

    private const int MetadataField = 14;
    private const int GraphField = 7;

    /// <summary>The model's metadata entries, in file order (a later duplicate key wins, as ONNX Runtime reads them).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, truncated, or not an ONNX model; the message names it.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadMetadata(string path)
    {
        var entries = new List<KeyValuePair<string, string>>();
        using var stream = OpenRead(path);
        bool sawGraph = false;
        Walk(stream, path, (field, wire, start, length) =>
        {
            if (field == GraphField && wire == 2) sawGraph = true;
            if (field == MetadataField && wire == 2)
            {
                stream.Position = start;
                var body = ReadExactly(stream, checked((int)length), path);
                entries.Add(ParseEntry(body, path));
            }

            return true;
        });
        if (!sawGraph) throw new InvalidDataException($"{path}: not an ONNX model (no graph)");
        return entries;
    }

    /// <summary>The value stored under <paramref name="key"/>, or null.</summary>
    public static string? ReadMetadata(string path, string key)
    {
        string? value = null;
        foreach (var e in ReadMetadata(path))
            if (e.Key == key) value = e.Value;
        return value;
    }

    /// <summary>
    /// Writes a copy of <paramref name="sourcePath"/> to <paramref name="destinationPath"/> with <paramref name="key"/> set
    /// to <paramref name="value"/> (earlier entries with that key dropped, every other byte kept). The copy is written to a
    /// temporary file beside the destination and moved into place, so the destination is replaced atomically and may be
    /// the source itself.
    /// </summary>
    /// <exception cref="InvalidDataException">The source is not a readable ONNX model.</exception>
    public static void WriteMetadata(string sourcePath, string destinationPath, string key, string value)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        if (value is null) throw new ArgumentNullException(nameof(value));
        string full = Path.GetFullPath(destinationPath);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            using (var src = OpenRead(sourcePath))
            using (var dst = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                bool sawGraph = false;
                var buffer = new byte[1 << 16];
                long copiedTo = 0;
                Walk(src, sourcePath, (field, wire, start, length) =>
                {
                    if (field == GraphField && wire == 2) sawGraph = true;
                    return true;
                }, (fieldStart, field, wire, start, length) =>
                {
                    // Called for every top-level field with its full extent [fieldStart, start + length).
                    bool drop = false;
                    if (field == MetadataField && wire == 2)
                    {
                        long keep = src.Position;
                        src.Position = start;
                        var entry = ParseEntry(ReadExactly(src, checked((int)length), sourcePath), sourcePath);
                        src.Position = keep;
                        drop = entry.Key == key;
                    }

                    if (drop)
                    {
                        Copy(src, dst, copiedTo, fieldStart - copiedTo, buffer);
                        copiedTo = start + length;
                    }
                });
                Copy(src, dst, copiedTo, src.Length - copiedTo, buffer);
                if (!sawGraph) throw new InvalidDataException($"{sourcePath}: not an ONNX model (no graph)");
                WriteEntry(dst, key, value);
                dst.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static FileStream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found", path);
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (fs.Length == 0)
        {
            fs.Dispose();
            throw new InvalidDataException($"{path}: the model file is empty");
        }

        return fs;
    }

    private delegate bool FieldVisitor(int field, int wire, long start, long length);

    private delegate void ExtentVisitor(long fieldStart, int field, int wire, long start, long length);

    /// <summary>Visits each top-level field; for length-delimited fields, start/length are the payload's.</summary>
    private static void Walk(Stream s, string path, FieldVisitor visit, ExtentVisitor? extent = null)
    {
        s.Position = 0;
        long end = s.Length;
        while (s.Position < end)
        {
            long fieldStart = s.Position;
            ulong tag = ReadVarint(s, path);
            int field = (int)(tag >> 3), wire = (int)(tag & 7);
            if (field <= 0) throw new InvalidDataException($"{path}: not an ONNX model (bad protobuf field at byte {fieldStart})");
            long start, length;
            switch (wire)
            {
                case 0:
                    ReadVarint(s, path);
                    start = s.Position;
                    length = 0;
                    break;
                case 1:
                    start = s.Position;
                    length = 8;
                    break;
                case 2:
                    ulong n = ReadVarint(s, path);
                    start = s.Position;
                    if (n > (ulong)(end - start)) throw new InvalidDataException($"{path}: truncated ONNX file (field {field} at byte {fieldStart} needs {n} bytes, {end - start} remain)");
                    length = (long)n;
                    break;
                case 5:
                    start = s.Position;
                    length = 4;
                    break;
                default:
                    throw new InvalidDataException($"{path}: not an ONNX model (protobuf wire type {wire} at byte {fieldStart})");
            }

            if (start + length > end) throw new InvalidDataException($"{path}: truncated ONNX file at byte {fieldStart}");
            if (!visit(field, wire, start, length)) return;
            extent?.Invoke(fieldStart, field, wire, start, length);
            s.Position = start + length;
        }
    }

    private static ulong ReadVarint(Stream s, string path)
    {
        ulong v = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            int b = s.ReadByte();
            if (b < 0) throw new InvalidDataException($"{path}: truncated ONNX file (a field ends mid-number)");
            v |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }

        throw new InvalidDataException($"{path}: not an ONNX model (malformed protobuf number)");
    }

    private static byte[] ReadExactly(Stream s, int n, string path)
    {
        var b = new byte[n];
        int got = 0;
        while (got < n)
        {
            int r = s.Read(b, got, n - got);
            if (r <= 0) throw new InvalidDataException($"{path}: truncated ONNX file");
            got += r;
        }

        return b;
    }

    private static KeyValuePair<string, string> ParseEntry(byte[] body, string path)
    {
        string key = "", value = "";
        using var ms = new MemoryStream(body);
        Walk(ms, path, (field, wire, start, length) =>
        {
            if (wire == 2 && (field == 1 || field == 2))
            {
                string text = Encoding.UTF8.GetString(body, (int)start, (int)length);
                if (field == 1) key = text;
                else value = text;
            }

            return true;
        });
        return new KeyValuePair<string, string>(key, value);
    }

    private static void WriteEntry(Stream dst, string key, string value)
    {
        byte[] k = Encoding.UTF8.GetBytes(key), v = Encoding.UTF8.GetBytes(value);
        using var body = new MemoryStream();
        WriteVarint(body, (1 << 3) | 2);
        WriteVarint(body, (ulong)k.Length);
        body.Write(k, 0, k.Length);
        WriteVarint(body, (2 << 3) | 2);
        WriteVarint(body, (ulong)v.Length);
        body.Write(v, 0, v.Length);
        WriteVarint(dst, (MetadataField << 3) | 2);
        WriteVarint(dst, (ulong)body.Length);
        body.Position = 0;
        body.CopyTo(dst);
    }

    internal static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }

        s.WriteByte((byte)v);
    }

    private static void Copy(Stream src, Stream dst, long from, long count, byte[] buffer)
    {
        if (count <= 0) return;
        long keep = src.Position;
        src.Position = from;
        while (count > 0)
        {
            int r = src.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (r <= 0) throw new EndOfStreamException();
            dst.Write(buffer, 0, r);
            count -= r;
        }

        src.Position = keep;
    }
}

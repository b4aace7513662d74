using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using PreprocessGen.Config;

namespace PreprocessGen.Runtime;

/// <summary>Loads the per-pixel mean images that <see cref="PreprocessSpec.MeanImage"/> names (a .npy path or a <c>data:</c> URI).</summary>
public static class MeanImages
{
    /// <summary>The prefix of an inline mean image: the .npy file's bytes in base64.</summary>
    public const string DataUriPrefix = "data:application/x-npy;base64,";

    private const int MaxCached = 16;

    private static readonly ConcurrentDictionary<string, (byte[] Bytes, string Digest)> s_cache = new(StringComparer.Ordinal);

    /// <summary>The mean image as float32 planes [3, height, width] in RGB order.</summary>
    /// <exception cref="InvalidDataException">The file is missing, not a float32 .npy, or not of shape [3, height, width]; the message names it.</exception>
    public static float[] Load(string reference, int height, int width)
    {
        var (bytes, _) = Read(reference);
        string name = Name(reference);
        var (data, shape) = NpyFile.ReadFloat32(bytes, name);
        if (shape.Length != 3 || shape[0] != 3 || shape[1] != height || shape[2] != width)
            throw new InvalidDataException($"{name}: a mean image must have shape [3, {height}, {width}] (the output size), got [{string.Join(", ", shape)}]");
        foreach (float v in data)
            if (float.IsNaN(v) || float.IsInfinity(v)) throw new InvalidDataException($"{name}: the mean image holds a non-finite value");
        return data;
    }

    /// <summary>The reference as a <c>data:</c> URI (inline bytes), for embedding a spec in a model's metadata.</summary>
    public static string ToDataUri(string reference) =>
        reference.StartsWith("data:", StringComparison.Ordinal) ? reference : DataUriPrefix + Convert.ToBase64String(Read(reference).Bytes);

    /// <summary>The spec with its mean image inlined (unchanged when it has none).</summary>
    public static PreprocessSpec Inline(PreprocessSpec spec) =>
        spec.MeanImage is null ? spec : spec with { MeanImage = ToDataUri(spec.MeanImage) };

    /// <summary>The spec with its mean image replaced by a digest of its content, so that a path and an inline copy of the same file compare equal.</summary>
    public static PreprocessSpec ForComparison(PreprocessSpec spec) =>
        spec.MeanImage is null ? spec : spec with { MeanImage = "sha256:" + Read(spec.MeanImage).Digest };

    private static (byte[] Bytes, string Digest) Read(string reference)
    {
        // Files are cached by path, size and write time, so an edited file is read again.
        string key = reference.StartsWith("data:", StringComparison.Ordinal) || !File.Exists(reference)
            ? reference
            : $"{reference}|{new FileInfo(reference).Length}|{File.GetLastWriteTimeUtc(reference).Ticks}";
        if (s_cache.TryGetValue(key, out var hit)) return hit;
        var read = ReadUncached(reference);
        if (s_cache.Count >= MaxCached) s_cache.Clear(); // bounded: a handful of models per process is the norm
        return s_cache.GetOrAdd(key, read);
    }

    private static (byte[] Bytes, string Digest) ReadUncached(string r)
    {
        byte[] bytes;
        if (r.StartsWith("data:", StringComparison.Ordinal))
        {
            int comma = r.IndexOf(',');
            if (comma < 0 || !r.Substring(0, comma).EndsWith(";base64", StringComparison.Ordinal))
                throw new InvalidDataException("mean_image: a data: URI must be base64 (data:application/x-npy;base64,...)");
            try
            {
                bytes = Convert.FromBase64String(r.Substring(comma + 1));
            }
            catch (FormatException)
            {
                throw new InvalidDataException("mean_image: the data: URI is not valid base64");
            }
        }
        else
        {
            if (!File.Exists(r)) throw new InvalidDataException($"{r}: mean image file not found");
            bytes = File.ReadAllBytes(r);
        }

        return (bytes, Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
    }

    private static string Name(string reference) => reference.StartsWith("data:", StringComparison.Ordinal) ? "mean_image (inline)" : reference;
}

using System;
using System.IO;
using System.Text;

namespace PreprocessGen.Runtime.Tests;

/// <summary>Reads NPY 1.0 files (little-endian uint8 or float32, C order), as numpy writes them.</summary>
internal static class Npy
{
    public static (byte[] Data, int[] Shape) ReadU8(string path)
    {
        var (header, body) = Split(File.ReadAllBytes(path));
        if (!header.Contains("'|u1'")) throw new InvalidDataException($"{path}: not uint8: {header}");
        return (body, Shape(header));
    }

    public static (float[] Data, int[] Shape) ReadF32(string path)
    {
        var (header, body) = Split(File.ReadAllBytes(path));
        if (!header.Contains("'<f4'")) throw new InvalidDataException($"{path}: not little-endian float32: {header}");
        var data = new float[body.Length / 4];
        Buffer.BlockCopy(body, 0, data, 0, body.Length);
        return (data, Shape(header));
    }

    private static (string Header, byte[] Body) Split(byte[] bytes)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY") throw new InvalidDataException("not an NPY file");
        int len = bytes[8] | (bytes[9] << 8);
        string header = Encoding.ASCII.GetString(bytes, 10, len);
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException("Fortran order not supported");
        return (header, bytes.AsSpan(10 + len).ToArray());
    }

    private static int[] Shape(string header)
    {
        int s = header.IndexOf("'shape': (", StringComparison.Ordinal) + 10;
        int e = header.IndexOf(')', s);
        return Array.ConvertAll(header.Substring(s, e - s).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), int.Parse);
    }
}

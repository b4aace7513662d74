using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace PreprocessGen.Runtime;

/// <summary>Reads and writes NPY 1.0 files (C order, little-endian) byte for byte as numpy's <c>np.save</c> does.</summary>
public static class NpyFile
{
    /// <summary>Writes a uint8 array.</summary>
    public static void WriteUInt8(string path, ReadOnlySpan<byte> data, params int[] shape) => Write(path, "|u1", data, shape);

    /// <summary>Writes a float32 array.</summary>
    public static void WriteFloat32(string path, ReadOnlySpan<float> data, params int[] shape) =>
        Write(path, "<f4", System.Runtime.InteropServices.MemoryMarshal.AsBytes(data), shape);

    private static void Write(string path, string descr, ReadOnlySpan<byte> body, int[] shape)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        string dims = shape.Length == 1 ? shape[0].ToString(CultureInfo.InvariantCulture) + "," : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header = header + new string(' ', (64 - total % 64) % 64) + "\n";
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write);
        fs.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8) }, 0, 10);
        var h = Encoding.ASCII.GetBytes(header);
        fs.Write(h, 0, h.Length);
        fs.Write(body);
    }

    /// <summary>Reads a uint8 array; throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static (byte[] Data, int[] Shape) ReadUInt8(string path)
    {
        var (bytes, bodyStart, shape, count) = Parse(File.ReadAllBytes(path), path, "uint8 pixels (dtype u1)", "'|u1'", "'<u1'");
        if (bytes.Length - bodyStart < count) throw new InvalidDataException($"{path}: truncated: shape ({string.Join(", ", shape)}) needs {count} bytes, the file has {bytes.Length - bodyStart}");
        return (bytes.AsSpan(bodyStart, (int)count).ToArray(), shape);
    }

    /// <summary>Reads a little-endian float32 array from NPY bytes; <paramref name="name"/> names the source in errors.</summary>
    public static (float[] Data, int[] Shape) ReadFloat32(byte[] npy, string name)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        var (bytes, bodyStart, shape, count) = Parse(npy, name, "float32 (dtype <f4)", "'<f4'", "'<f4'");
        if (bytes.Length - bodyStart < count * 4) throw new InvalidDataException($"{name}: truncated: shape ({string.Join(", ", shape)}) needs {count * 4} bytes, the file has {bytes.Length - bodyStart}");
        var data = new float[count];
        Buffer.BlockCopy(bytes, bodyStart, data, 0, (int)(count * 4));
        return (data, shape);
    }

    private static (byte[] Bytes, int BodyStart, int[] Shape, long Count) Parse(byte[] bytes, string path, string what, string descr1, string descr2)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path}: not an NPY file");
        int major = bytes[6];
        int len, offset;
        if (major == 1) { len = bytes[8] | (bytes[9] << 8); offset = 10; }
        else if (major is 2 or 3 && bytes.Length >= 12) { len = BitConverter.ToInt32(bytes, 8); offset = 12; }
        else throw new InvalidDataException($"{path}: unsupported NPY version {major}");
        if (offset + len > bytes.Length || len < 0) throw new InvalidDataException($"{path}: truncated NPY header");
        string header = Encoding.ASCII.GetString(bytes, offset, len);
        if (!header.Contains("'descr': " + descr1) && !header.Contains("'descr': " + descr2))
            throw new InvalidDataException($"{path}: expected {what}, header is {header.Trim()}");
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException($"{path}: Fortran-order arrays are not supported");
        int s = header.IndexOf("'shape': (", StringComparison.Ordinal);
        int e = s < 0 ? -1 : header.IndexOf(')', s);
        if (s < 0 || e < 0) throw new InvalidDataException($"{path}: NPY header has no shape");
        int[] shape;
        try
        {
            shape = header.Substring(s + 10, e - s - 10).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(x => int.Parse(x.Trim(), CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new InvalidDataException($"{path}: NPY shape is not a list of sizes");
        }

        if (shape.Any(d => d < 0)) throw new InvalidDataException($"{path}: NPY shape has a negative size");
        long count = shape.Aggregate(1L, (a, d) => a * d);
        if (count > int.MaxValue / 4) throw new InvalidDataException($"{path}: NPY array too large");
        return (bytes, offset + len, shape, count);
    }
}

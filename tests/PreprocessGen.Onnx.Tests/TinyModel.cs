using System.Collections.Generic;
using System.IO;
using System.Text;

namespace PreprocessGen.Onnx.Tests;

/// <summary>
/// Writes small real ONNX models (protobuf by hand, no download): input [N, C, H, W] -> ReduceMean over H and W ->
/// output [N, C], the per-channel mean of the tensor the session was fed. Dimensions are numbers or symbolic names.
/// </summary>
internal static class TinyModel
{
    public const int Float = 1, UInt8 = 2, Int64 = 7;

    public static string Write(string path, object[] dims, int elemType = Float, string input = "pixel_values", IReadOnlyDictionary<string, string>? metadata = null, bool secondInput = false)
    {
        var graph = new Proto();
        var node = new Proto().Str(1, input).Str(2, "embedding").Str(3, "mean").Str(4, "ReduceMean")
            .Msg(5, Axes(dims.Length))
            .Msg(5, new Proto().Str(1, "keepdims").Int(20, 2).Int(3, 0));
        graph.Msg(1, node).Str(2, "tiny");
        graph.Msg(11, ValueInfo(input, elemType, dims));
        if (secondInput) graph.Msg(11, ValueInfo("mask", Float, new object[] { 1, 4 }));
        graph.Msg(12, ValueInfo("embedding", elemType, new object[] { dims[0], dims.Length > 1 ? dims[1] : 1 }));
        var model = new Proto().Int(1, 7).Str(2, "preprocessgen-tests").Msg(7, graph).Msg(8, new Proto().Str(1, "").Int(2, 13));
        if (metadata is not null)
            foreach (var kv in metadata) model.Msg(14, new Proto().Str(1, kv.Key).Str(2, kv.Value));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, model.ToArray());
        return path;
    }

    private static Proto Axes(int rank)
    {
        var a = new Proto().Str(1, "axes").Int(20, 7);
        for (int i = 2; i < rank; i++) a.Int(8, i);
        if (rank <= 2) a.Int(8, rank - 1);
        return a;
    }

    private static Proto ValueInfo(string name, int elemType, object[] dims)
    {
        var shape = new Proto();
        foreach (var d in dims)
            shape.Msg(1, d is string s ? new Proto().Str(2, s) : new Proto().Int(1, (int)d));
        var tensor = new Proto().Int(1, elemType).Msg(2, shape);
        return new Proto().Str(1, name).Msg(2, new Proto().Msg(1, tensor));
    }

    private sealed class Proto
    {
        private readonly MemoryStream _s = new();

        public Proto Int(int field, long v)
        {
            Varint((ulong)(field << 3));
            Varint((ulong)v);
            return this;
        }

        public Proto Str(int field, string v) => Bytes(field, Encoding.UTF8.GetBytes(v));

        public Proto Msg(int field, Proto m) => Bytes(field, m.ToArray());

        private Proto Bytes(int field, byte[] b)
        {
            Varint((ulong)((field << 3) | 2));
            Varint((ulong)b.Length);
            _s.Write(b, 0, b.Length);
            return this;
        }

        private void Varint(ulong v)
        {
            while (v >= 0x80)
            {
                _s.WriteByte((byte)(v | 0x80));
                v >>= 7;
            }

            _s.WriteByte((byte)v);
        }

        public byte[] ToArray() => _s.ToArray();
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using ConsumerApp.Preprocessing;
using PreprocessGen.Config;
using PreprocessGen.Runtime;
using PreprocessGen.Runtime.Imaging;

namespace ConsumerApp;

/// <summary>
/// Runs the generated pipelines (one per config dialect) on image files and checks them against the reference
/// oracle's records and against the runtime pipeline parsed from the same config at run time.
/// Usage: ConsumerApp &lt;fixtures dir with files/ and file-goldens/&gt;
/// </summary>
public static class Program
{
    /// <summary>Generated type, its config file (relative to the app), the golden set it must match.</summary>
    private static readonly (string Name, Action<DecodedImage, Span<float>> Run, PreprocessSpec Spec, int Length, string Config, string Golden)[] Pipelines =
    {
        ("Openai64 (canonical)", (i, d) => Openai64.Preprocess(i, d), Openai64.Spec, Openai64.OutputLength, "configs/openai-64.preprocess.json", "oc_shortest_bicubic_64"),
        ("ClipB1664 (Hugging Face CLIP)", (i, d) => ClipB1664.Preprocess(i, d), ClipB1664.Spec, ClipB1664.OutputLength, "models/clip-b16-64/preprocessor_config.json", "hf_clip_bicubic_64_crop61"),
        ("Siglip64 (Hugging Face SigLIP)", (i, d) => Siglip64.Preprocess(i, d), Siglip64.Spec, Siglip64.OutputLength, "models/siglip-64/preprocessor_config.json", "hf_siglip_lanczos_64"),
        ("OcLongest64 (OpenCLIP)", (i, d) => OcLongest64.Preprocess(i, d), OcLongest64.Spec, OcLongest64.OutputLength, "models/oc-longest-64/open_clip_config.json", "oc_longest_bilinear_64_fill0"),
        ("TimmVitSmall (timm)", (i, d) => TimmVitSmall.Preprocess(i, d), TimmVitSmall.Spec, TimmVitSmall.OutputLength, "models/vit_small/config.json", "timm_center_09_bicubic_64"),
    };

    /// <summary>Returns 0 when every generated tensor equals the oracle's and the runtime's, bit for bit.</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 1) { Console.Error.WriteLine("usage: ConsumerApp <fixtures dir>"); return 2; }
        string fixtures = args[0];
        int failures = 0, checkedCount = 0;
        foreach (var p in Pipelines)
        {
            var parsed = PreprocessConfig.Load(Path.Combine(AppContext.BaseDirectory, p.Config));
            if (parsed.Spec != p.Spec) { Console.Error.WriteLine($"{p.Name}: the generated Spec differs from parsing {p.Config}"); failures++; continue; }
            var runtime = new PreprocessPipeline(parsed.Spec);
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, "file-goldens", p.Golden, "manifest.json")));
            var expected = manifest.RootElement.GetProperty("images").EnumerateArray().ToDictionary(e => e.GetProperty("image").GetString()!, e => e.GetProperty("f32_sha256").GetString()!);
            foreach (string file in Directory.GetFiles(Path.Combine(fixtures, "files")).OrderBy(f => f, StringComparer.Ordinal))
            {
                var image = ImageDecoder.Load(file);
                var generated = new float[p.Length];
                p.Run(image, generated);
                var fromRuntime = runtime.Run(image.AsPixelBuffer());
                string sha = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(generated.AsSpan()))).ToLowerInvariant();
                bool sameAsRuntime = MemoryMarshal.AsBytes(generated.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(fromRuntime.AsSpan()));
                bool sameAsOracle = expected.TryGetValue(Path.GetFileName(file), out var want) && want == sha;
                checkedCount++;
                if (!sameAsRuntime || !sameAsOracle)
                {
                    failures++;
                    Console.Error.WriteLine($"{p.Name} {Path.GetFileName(file)}: runtime {(sameAsRuntime ? "equal" : "DIFFERENT")}, oracle {(sameAsOracle ? "equal" : "DIFFERENT")}");
                }
            }
        }

        Console.WriteLine($"{checkedCount} tensors from {Pipelines.Length} generated pipelines checked, {failures} differ");
        return failures == 0 ? 0 : 1;
    }
}

"""Prints the ratio tables (Markdown) of one sitting of benchmarks/run-anchor.sh.

Usage: python3 benchmarks/ratio_table.py RESULTS_DIR
RESULTS_DIR holds pillow.json (bench_pillow.py's JSON line) and bdn/results/*-report-full-compressed.json. C# times are
BenchmarkDotNet medians, Pillow times bench_pillow.py medians; "x" columns are how many times faster PreprocessGen is.
"""
import glob
import json
import os
import sys

SIZES = ["640x480", "1920x1080", "3840x2160"]


def load(folder):
    with open(os.path.join(folder, "pillow.json")) as f:
        pillow = json.load(f)
    anchor = {(r["size"], r["config"]): r for r in pillow["results"]}
    bdn = {}
    for path in glob.glob(os.path.join(folder, "bdn", "results", "*-report-full-compressed.json")):
        with open(path) as f:
            for b in json.load(f)["Benchmarks"]:
                if not b.get("Statistics"):
                    continue
                size = b["Parameters"].split("=", 1)[1] if b["Parameters"] else ""
                bdn[(b["Type"], b["Method"], size)] = (b["Statistics"]["Median"] / 1e6, b["Memory"]["BytesAllocatedPerOperation"])
    return pillow, anchor, bdn


def ms(v):
    return "n/a" if v is None else (f"{v:.2f} ms" if v < 100 else f"{v:.0f} ms")


def ratio(base, ours):
    return "n/a" if base is None or ours is None else f"{base / ours:.1f}x"


def size_bytes(n):
    if n is None:
        return "n/a"
    return f"{n} B" if n < 10240 else (f"{n / 1024:.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:.0f} MB")


def main(folder):
    pillow, anchor, bdn = load(folder)

    def t(kind, method, size=""):
        v = bdn.get((kind, method, size))
        return v[0] if v else None

    def alloc(kind, method, size=""):
        v = bdn.get((kind, method, size))
        return v[1] if v else None

    def a(size, config, key):
        r = anchor.get((size, config))
        return r[key] if r else None

    v = pillow["versions"]
    print(f"Pillow {v['pillow']} + torchvision {v['torchvision']} (bench_pillow.py, {pillow['reps']} reps, 1 thread, medians) "
          f"and BenchmarkDotNet medians, same sitting, same JPEG files made from {pillow['source']}.\n")

    P = "PipelineBenchmarks"
    print("**Decoded pixels -> 224 tensor, shortest side + centre crop (OpenCLIP default), 1 thread**\n")
    print("| input | Pillow + torchvision | ONNX Runtime tutorial style | ImageSharp (careful) | NetVips | PreprocessGen | vs Pillow | vs ImageSharp | vs NetVips | allocated |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for s in SIZES:
        ours = t(P, "PreprocessGenCrop", s)
        print(f"| {s} | {ms(a(s, 'openai_vit_b32', 'transform_ms'))} | {ms(t(P, 'TutorialCrop', s))} | {ms(t(P, 'ImageSharpCrop', s))} | "
              f"{ms(t(P, 'NetVipsCrop', s))} | {ms(ours)} | {ratio(a(s, 'openai_vit_b32', 'transform_ms'), ours)} | "
              f"{ratio(t(P, 'ImageSharpCrop', s), ours)} | {ratio(t(P, 'NetVipsCrop', s), ours)} | {size_bytes(alloc(P, 'PreprocessGenCrop', s))} |")

    print("\n**Decoded pixels -> 224 tensor, squash (SigLIP), 1 thread**\n")
    print("| input | Pillow + torchvision | ImageSharp | NetVips | PreprocessGen | vs Pillow | vs ImageSharp | vs NetVips | allocated |")
    print("|---|---|---|---|---|---|---|---|---|")
    for s in SIZES:
        ours = t(P, "PreprocessGenSquash", s)
        print(f"| {s} | {ms(a(s, 'siglip_224', 'transform_ms'))} | {ms(t(P, 'ImageSharpSquash', s))} | {ms(t(P, 'NetVipsSquash', s))} | "
              f"{ms(ours)} | {ratio(a(s, 'siglip_224', 'transform_ms'), ours)} | {ratio(t(P, 'ImageSharpSquash', s), ours)} | "
              f"{ratio(t(P, 'NetVipsSquash', s), ours)} | {size_bytes(alloc(P, 'PreprocessGenSquash', s))} |")

    F = "FromBytesBenchmarks"
    print("\n**JPEG bytes -> 224 tensor (OpenCLIP default), 1 thread**\n")
    print("| input | Pillow decode + transform | ImageSharp | NetVips | PreprocessGen, TurboJPEG | PreprocessGen, SkiaSharp | TurboJPEG vs Pillow | allocated (TurboJPEG) |")
    print("|---|---|---|---|---|---|---|---|")
    for s in SIZES:
        ours = t(F, "PreprocessGenFromBytes", s)
        print(f"| {s} | {ms(a(s, 'openai_vit_b32', 'decode_transform_ms'))} | {ms(t(F, 'ImageSharpFromBytes', s))} | {ms(t(F, 'NetVipsFromBytes', s))} | "
              f"{ms(ours)} | {ms(t(F, 'PreprocessGenSkiaFromBytes', s))} | {ratio(a(s, 'openai_vit_b32', 'decode_transform_ms'), ours)} | "
              f"{size_bytes(alloc(F, 'PreprocessGenFromBytes', s))} |")

    print("\n**JPEG decode alone (a new pixel array per image), 1 thread**\n")
    print("| input | Pillow | ImageSharp (not exact) | NetVips | PreprocessGen TurboJPEG | PreprocessGen SkiaSharp |")
    print("|---|---|---|---|---|---|")
    for s in SIZES:
        print(f"| {s} | {ms(a(s, 'openai_vit_b32', 'decode_ms'))} | {ms(t(F, 'DecodeImageSharp', s))} | {ms(t(F, 'DecodeNetVips', s))} | "
              f"{ms(t(F, 'DecodePreprocessGen', s))} | {ms(t(F, 'DecodePreprocessGenSkia', s))} |")

    B = "BatchBenchmarks"
    print("\n**Batch of 64 1920x1080 images, one pipeline**\n")
    print("| batch | 1 thread | 2 threads | scaling |")
    print("|---|---|---|---|")
    for label, one, two in [("decoded pixels", "OneThread", "TwoThreads"), ("JPEG bytes (RunEncoded, TurboJPEG)", "OneThreadFromBytes", "TwoThreadsFromBytes"),
                            ("machine ceiling: pure integer work, same split", "OneThreadCeiling", "TwoThreadsCeiling"),
                            ("SIMD ceiling: independent AVX2 multiply-adds, same split", "OneThreadSimd", "TwoThreadsSimd"),
                            ("memory ceiling: one plain read of the 64 decoded images", "OneThreadMemory", "TwoThreadsMemory")]:
        print(f"| {label} | {ms(t(B, one))} | {ms(t(B, two))} | {ratio(t(B, one), t(B, two))} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

#!/usr/bin/env bash
# One sitting of the speed comparison: the Pillow + torchvision anchor (the reference's bench_pillow.py) and the
# BenchmarkDotNet suites on the same JPEG files, then the ratio table (Markdown) on stdout and in results/<time>/.
#   bash benchmarks/run-anchor.sh                 # the defaults below
#   REFERENCE=../shared/reference PHOTO=my.jpg BDN_ARGS='--iterationCount 30' bash benchmarks/run-anchor.sh
# Needs Python 3 with Pillow, numpy, torch and torchvision (Debian: python3-pil python3-numpy python3-torch
# python3-torchvision), and libturbojpeg0 for the TurboJPEG rows.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-/usr/bin/python3}"
reference="$(cd "${REFERENCE:-../shared/reference}" && pwd)"
photo="$(cd "$(dirname "${PHOTO:-benchmarks/photos/forest-path.jpg}")" && pwd)/$(basename "${PHOTO:-benchmarks/photos/forest-path.jpg}")"
sizes="640x480,1920x1080,3840x2160"
out="benchmarks/results/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out/inputs"
out="$(cd "$out" && pwd)"

echo "== inputs: $photo at $sizes (the anchor's own make_inputs)" >&2
"$python" - "$reference" "$photo" "$sizes" "$out/inputs" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from bench_pillow import make_inputs
sizes = [tuple(int(v) for v in s.split("x")) for s in sys.argv[3].split(",")]
make_inputs(sys.argv[2], sizes, sys.argv[4])
PY

echo "== Pillow + torchvision anchor" >&2
"$python" "$reference/bench_pillow.py" --source "$photo" --reps "${REPS:-30}" --sizes "$sizes" | tail -n 1 > "$out/pillow.json"

echo "== BenchmarkDotNet" >&2
PPG_BENCH_INPUTS="$out/inputs" dotnet run -c Release --project benchmarks/PreprocessGen.Benchmarks -- \
  --filter '*PipelineBenchmarks*' '*FromBytesBenchmarks*' '*BatchBenchmarks*' \
  --exporters json --artifacts "$out/bdn" --warmupCount 3 --iterationCount 15 ${BDN_ARGS:-} >&2

"$python" benchmarks/ratio_table.py "$out" | tee "$out/table.md"

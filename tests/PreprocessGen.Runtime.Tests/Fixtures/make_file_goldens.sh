#!/usr/bin/env bash
# End-to-end goldens from image files: the reference oracle (../shared/reference/ref_preprocess.py) opens each file in
# Fixtures/files with Pillow and runs each config in Fixtures/file-configs. Kept per config: <stem>.u8.npy (the RGB
# pixels before the float conversion) and manifest.json (the oracle's record, with the SHA-256 of every float32
# tensor and the inputs the reference rejects). Hugging Face configs run with --hf-version 5 (the current
# transformers). timm configs come from make_timm_goldens.py --files. Needs Debian's python3-pil, python3-numpy,
# python3-torch and python3-torchvision; the tests need no Python.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
oracle="${ORACLE:-$here/../../../../shared/reference/ref_preprocess.py}"
/usr/bin/python3 "$here/make_file_images.py"
rm -rf "$here/file-goldens"
for cfg in "$here"/file-configs/*.json; do
  name="$(basename "$cfg" .json)"
  out="$here/file-goldens/$name"
  case "$name" in
    timm_*) continue ;;
    hf_*) /usr/bin/python3 "$oracle" -q --hf-version 5 --config "$cfg" --out "$out" "$here"/files/*.* ;;
    *) /usr/bin/python3 "$oracle" -q --config "$cfg" --out "$out" "$here"/files/*.* ;;
  esac
  rm -f "$out"/*.f32.npy
done
/usr/bin/python3 "$here/make_timm_goldens.py" --files

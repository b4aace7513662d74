#!/usr/bin/env bash
# Regenerates the golden files with the reference oracle (../shared/reference/ref_preprocess.py: Pillow + torchvision
# as OpenCLIP composes them, and Hugging Face's PIL processors). Needs Debian's python3-pil, python3-numpy,
# python3-torch and python3-torchvision. The tests themselves need no Python.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
oracle="${ORACLE:-$here/../../../../shared/reference/ref_preprocess.py}"
tmp="$(mktemp -d)"
/usr/bin/python3 "$here/make_images.py" "$tmp" "$here/goldens"
for cfg in "$here"/configs/*.json; do
  name="$(basename "$cfg" .json)"
  case "$name" in timm_*) continue ;; esac
  # Hugging Face configs follow the current transformers (5.x; only SigLIP's default do_convert_rgb differs from 4.x).
  case "$name" in hf_*) version=(--hf-version 5) ;; *) version=() ;; esac
  /usr/bin/python3 "$oracle" -q "${version[@]}" --config "$cfg" --out "$here/goldens/$name" "$tmp"/*.png
  rm -f "$here/goldens/$name/manifest.json"
done
rm -rf "$tmp"
# timm configs: the oracle has no timm mode; make_timm_goldens.py re-expresses timm eval with the same torchvision ops.
rm -rf "$here"/goldens/timm_*
/usr/bin/python3 "$here/make_timm_goldens.py"

"""Pillow's decoded pixels for every JPEG the tests decode: mode, size and the SHA-256 of Image.tobytes().

Covers Fixtures/files, Fixtures/extra, the sample app's photos and the benchmark photo, so that each JPEG backend
(SkiaSharp's libjpeg-turbo and the system TurboJPEG library) is held to Pillow's bytes. Writes Fixtures/jpeg-pixels.json.
Needs Debian's python3-pil; the tests need no Python.
"""
import hashlib
import json
import pathlib

import PIL
from PIL import Image, features

here = pathlib.Path(__file__).resolve().parent
repo = here.parents[2]
sources = {
    "files": here / "files",
    "extra": here / "extra",
    "photos": repo / "samples" / "ImageSearch" / "photos",
    "bench": repo / "benchmarks" / "photos",
}
records = []
for group, folder in sources.items():
    for path in sorted(folder.glob("*.jpg")):
        with Image.open(path) as im:
            im.load()
            records.append({
                "group": group,
                "file": path.name,
                "mode": im.mode,
                "width": im.width,
                "height": im.height,
                "sha256": hashlib.sha256(im.tobytes()).hexdigest(),
            })
out = {
    "pillow": PIL.__version__,
    "libjpeg_turbo": features.version("libjpeg_turbo"),
    "images": records,
}
(here / "jpeg-pixels.json").write_text(json.dumps(out, indent=1) + "\n")
print(f"{len(records)} JPEGs")

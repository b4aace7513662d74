"""Random resize cases for the resampler: small noisy images, random source and target sizes (down, up, one axis
only), every Pillow filter. Each case is a SigLIP-style processor config (squash to height x width with a resample
code), run through the reference oracle. Writes resize/cases.json, resize/<case>.input.npy and resize/<case>.u8.npy.

Usage: /usr/bin/python3 make_resize_goldens.py PATH/TO/ref_preprocess.py"""
import json, os, subprocess, sys, tempfile
import numpy as np
from PIL import Image

oracle = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "resize")
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
cases = []
tmp = tempfile.mkdtemp()
for i in range(60):
    sw, sh = int(rng.integers(1, 90)), int(rng.integers(1, 90))
    kind = i % 4
    if kind == 0:   # both axes, any direction
        dw, dh = int(rng.integers(1, 120)), int(rng.integers(1, 120))
    elif kind == 1:  # width only
        dw, dh = int(rng.integers(1, 120)), sh
    elif kind == 2:  # height only
        dw, dh = sw, int(rng.integers(1, 120))
    else:            # strong downscale
        sw, sh = int(rng.integers(100, 300)), int(rng.integers(100, 300))
        dw, dh = int(rng.integers(1, 40)), int(rng.integers(1, 40))
    resample = i % 6
    name = "case%02d_%dx%d_to_%dx%d_r%d" % (i, sw, sh, dw, dh, resample)
    img = rng.integers(0, 256, (sh, sw, 3), dtype=np.uint8)
    if i % 3 == 0:  # add structure: hard edges that make kernels overshoot
        img[:, : sw // 2] = 255
        img[: sh // 3] = 0
    png = os.path.join(tmp, name + ".png")
    Image.fromarray(img, "RGB").save(png)
    np.save(os.path.join(out, name + ".input.npy"), img)
    cfg = {"image_processor_type": "SiglipImageProcessor", "size": {"height": dh, "width": dw}, "resample": resample,
           "do_convert_rgb": True}
    cfg_path = os.path.join(tmp, name + ".json")
    json.dump(cfg, open(cfg_path, "w"))
    od = os.path.join(tmp, name)
    subprocess.run(["/usr/bin/python3", oracle, "-q", "--config", cfg_path, "--out", od, png], check=True)
    os.replace(os.path.join(od, name + ".u8.npy"), os.path.join(out, name + ".u8.npy"))
    cases.append({"name": name, "width": dw, "height": dh, "resample": resample})
json.dump(cases, open(os.path.join(out, "cases.json"), "w"), indent=1)
print("wrote", len(cases), "cases")

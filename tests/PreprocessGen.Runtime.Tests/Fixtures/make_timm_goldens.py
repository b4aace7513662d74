"""timm goldens. The reference oracle has no timm mode, so this script re-expresses timm's eval transform
(timm.data.transforms_factory.transforms_imagenet_eval) with the same torchvision ops on PIL images, for square
input sizes: scale = floor(size / crop_pct); crop_mode "center": Resize(scale, interp) + CenterCrop(size);
"squash": Resize((scale, scale), interp) + CenterCrop(size); then ToTensor + Normalize. Images are converted to RGB
on load, as timm's datasets do. Writes goldens/<config>/<image>.u8.npy and .f32.npy next to the oracle's.

With --files, runs file-configs/timm_*.json on the image files in files/ (opened with Pillow, converted to RGB) and
writes file-goldens/<config>/<stem>.u8.npy and a manifest.json with the SHA-256 of each float32 tensor.

Usage: /usr/bin/python3 make_timm_goldens.py [--files]   (needs python3-pil, python3-numpy, python3-torch, python3-torchvision)"""
import glob, hashlib, json, math, os, sys
import numpy as np
import torch
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode as IM

here = os.path.dirname(os.path.abspath(__file__))
modes = {"bicubic": IM.BICUBIC, "bilinear": IM.BILINEAR, "nearest": IM.NEAREST}
files_mode = "--files" in sys.argv
for cfg_path in sorted(glob.glob(os.path.join(here, "file-configs" if files_mode else "configs", "timm_*.json"))):
    cfg = json.load(open(cfg_path))["pretrained_cfg"]
    size = cfg["input_size"][1]
    scale = math.floor(size / cfg["crop_pct"])
    interp = modes[cfg["interpolation"]]
    resize = T.Resize(scale, interp) if cfg["crop_mode"] == "center" else T.Resize((scale, scale), interp)
    geometry = T.Compose([resize, T.CenterCrop(size)])
    tensor = T.Compose([T.ToTensor(), T.Normalize(torch.tensor(cfg["mean"]), torch.tensor(cfg["std"]))])
    name = os.path.basename(cfg_path)[:-5]
    if files_mode:
        out = os.path.join(here, "file-goldens", name)
        os.makedirs(out, exist_ok=True)
        images = []
        for path in sorted(glob.glob(os.path.join(here, "files", "*.*"))):
            with Image.open(path) as im:
                img = im.convert("RGB")
            g = geometry(img)
            stem = os.path.splitext(os.path.basename(path))[0]
            u8 = np.asarray(g, dtype=np.uint8)
            f32 = tensor(g).numpy().astype(np.float32)
            np.save(os.path.join(out, stem + ".u8.npy"), u8)
            images.append({"image": os.path.basename(path), "stem": stem, "u8_sha256": hashlib.sha256(u8.tobytes()).hexdigest(),
                           "f32_sha256": hashlib.sha256(f32.tobytes()).hexdigest(), "f32_shape": list(f32.shape)})
        json.dump({"mode": "timm", "config_file": os.path.basename(cfg_path), "images": images, "errors": []},
                  open(os.path.join(out, "manifest.json"), "w"), indent=1)
        continue
    out = os.path.join(here, "goldens", name)
    os.makedirs(out, exist_ok=True)
    for npy in sorted(glob.glob(os.path.join(here, "goldens", "*.input.npy"))):
        arr = np.load(npy)
        mode = {2: "L"}.get(arr.ndim, {3: "RGB", 4: "RGBA"}.get(arr.shape[-1]))
        img = Image.fromarray(arr, mode).convert("RGB")
        g = geometry(img)
        stem = os.path.basename(npy)[: -len(".input.npy")]
        np.save(os.path.join(out, stem + ".u8.npy"), np.asarray(g, dtype=np.uint8))
        np.save(os.path.join(out, stem + ".f32.npy"), tensor(g).numpy().astype(np.float32))
print("ok")

"""timm goldens. The reference oracle has no timm mode, so this script re-expresses timm's eval transform
(timm.data.transforms_factory.transforms_imagenet_eval) with the same torchvision ops on PIL images, for square
input sizes: scale = floor(size / crop_pct); crop_mode "center": Resize(scale, interp) + CenterCrop(size);
"squash": Resize((scale, scale), interp) + CenterCrop(size); then ToTensor + Normalize. Images are converted to RGB
on load, as timm's datasets do. Writes goldens/<config>/<image>.u8.npy and .f32.npy next to the oracle's.

Usage: /usr/bin/python3 make_timm_goldens.py   (needs python3-pil, python3-numpy, python3-torch, python3-torchvision)"""
import glob, json, math, os
import numpy as np
import torch
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode as IM

here = os.path.dirname(os.path.abspath(__file__))
modes = {"bicubic": IM.BICUBIC, "bilinear": IM.BILINEAR, "nearest": IM.NEAREST}
for cfg_path in sorted(glob.glob(os.path.join(here, "configs", "timm_*.json"))):
    cfg = json.load(open(cfg_path))["pretrained_cfg"]
    size = cfg["input_size"][1]
    scale = math.floor(size / cfg["crop_pct"])
    interp = modes[cfg["interpolation"]]
    resize = T.Resize(scale, interp) if cfg["crop_mode"] == "center" else T.Resize((scale, scale), interp)
    geometry = T.Compose([resize, T.CenterCrop(size)])
    tensor = T.Compose([T.ToTensor(), T.Normalize(torch.tensor(cfg["mean"]), torch.tensor(cfg["std"]))])
    out = os.path.join(here, "goldens", os.path.basename(cfg_path)[:-5])
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

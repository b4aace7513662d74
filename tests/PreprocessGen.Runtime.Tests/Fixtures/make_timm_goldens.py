"""timm goldens. The reference oracle has no timm mode, so this script re-expresses timm's eval transform
(timm.data.transforms_factory.transforms_imagenet_eval) with the same torchvision ops on PIL images, for square
input sizes: scale = floor(size / crop_pct); crop_mode "center": Resize(scale, interp) + CenterCrop(size);
"squash": Resize((scale, scale), interp) + CenterCrop(size); then ToTensor + Normalize. With --files also
"border": ResizeKeepRatio(scale, longest=1) + CenterCropOrPad(size, fill=round(255 * mean)), and "center" with a
non-square size: ResizeKeepRatio(scale) (timm passes no interpolation there: bilinear) + CenterCrop(size). Images are converted to RGB
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
from torchvision.transforms import functional as TF

here = os.path.dirname(os.path.abspath(__file__))
modes = {"bicubic": IM.BICUBIC, "bilinear": IM.BILINEAR, "nearest": IM.NEAREST}
files_mode = "--files" in sys.argv
def keep_ratio(img, target_hw, longest, interp):
    """timm ResizeKeepRatio.get_params without the random parts: size = round(dim / ratio), ties to even."""
    w, h = img.size
    rh, rw = h / target_hw[0], w / target_hw[1]
    ratio = max(rh, rw) * longest + min(rh, rw) * (1.0 - longest)
    return TF.resize(img, [round(h / ratio), round(w / ratio)], interpolation=interp)


def center_crop_or_pad(img, size, fill):
    """timm center_crop_or_pad on a PIL image."""
    ch, cw = size
    w, h = img.size
    if cw > w or ch > h:
        pad = [(cw - w) // 2 if cw > w else 0, (ch - h) // 2 if ch > h else 0,
               (cw - w + 1) // 2 if cw > w else 0, (ch - h + 1) // 2 if ch > h else 0]
        img = TF.pad(img, pad, fill=fill)
        w, h = img.size
        if (w, h) == (cw, ch):
            return img
    return TF.crop(img, int(round((h - ch) / 2.0)), int(round((w - cw) / 2.0)), ch, cw)


def timm_geometry(cfg):
    hw = tuple(cfg["input_size"][1:])
    scale = tuple(math.floor(x / cfg["crop_pct"]) for x in hw)
    interp = modes[cfg["interpolation"]]
    mode = cfg.get("crop_mode", "center")
    if mode == "squash":
        return T.Compose([T.Resize(scale, interp), T.CenterCrop(hw)])
    if mode == "border":
        fill = [round(255 * v) for v in cfg["mean"]]
        return lambda img: center_crop_or_pad(keep_ratio(img, scale, 1.0, interp), hw, fill)
    if scale[0] == scale[1]:
        return T.Compose([T.Resize(scale[0], interp), T.CenterCrop(hw)])
    return lambda img: TF.center_crop(keep_ratio(img, scale, 0.0, IM.BILINEAR), list(hw))


for cfg_path in sorted(glob.glob(os.path.join(here, "file-configs" if files_mode else "configs", "timm_*.json"))):
    cfg = json.load(open(cfg_path))["pretrained_cfg"]
    geometry = timm_geometry(cfg)
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

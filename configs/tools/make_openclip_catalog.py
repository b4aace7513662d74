#!/usr/bin/env python3
"""Writes configs/openclip/<model>.<tag>.preprocess.json from OpenCLIP's pretrained catalog.

Usage: python3 configs/tools/make_openclip_catalog.py [path/to/openclip_pretrained_catalog.json]

The output is the canonical format exactly as PreprocessGen.Config's CanonicalFormat.Write prints it, so every
file parses and writes back byte for byte (a test checks this).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "openclip")
DEFAULT_SRC = os.path.join(HERE, "..", "..", "..", "shared", "data", "openclip_pretrained_catalog.json")


def size(v):
    if isinstance(v, (list, tuple)):
        h, w = v
        return str(h) if h == w else "[%d, %d]" % (h, w)
    return str(v)


def num(x):
    return repr(float(x))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SRC
    entries = json.load(open(src))
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".preprocess.json"):
            os.remove(os.path.join(OUT, old))
    for e in entries:
        name = "%s.%s" % (e["model"], e["pretrained"])
        img = e["image_size"]
        mode = e["resize_mode"]
        interp = e["interpolation"]
        if interp == "random":
            interp = "bicubic"
        h, w = (img, img) if not isinstance(img, (list, tuple)) else img
        if mode == "shortest" and h != w:
            interp = "bicubic"  # OpenCLIP's non-square shortest path is always bicubic
        lines = [
            '"$schema": "../preprocess.schema.json"',
            '"name": %s' % json.dumps(name),
            '"architecture": %s' % json.dumps(e["model"]),
            '"pretrained": %s' % json.dumps(e["pretrained"]),
            '"rules": "openclip"',
            '"image_size": %s' % size(img),
            '"resize_mode": "%s"' % mode,
            '"interpolation": "%s"' % interp,
            '"mean": [%s]' % ", ".join(num(x) for x in e["mean"]),
            '"std": [%s]' % ", ".join(num(x) for x in e["std"]),
        ]
        fill = e.get("fill_color") or 0
        if mode == "longest" or fill:
            lines.append('"fill_color": %d' % fill)
        text = "{\n" + ",\n".join("  " + l for l in lines) + "\n}\n"
        with open(os.path.join(OUT, name + ".preprocess.json"), "w", newline="\n") as f:
            f.write(text)
    print("wrote %d configs to %s" % (len(entries), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()

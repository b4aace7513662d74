"""Extra decoder fixtures (Fixtures/extra/): JPEGs carrying EXIF orientations 3, 5, 6 and 8 with Pillow's upright
pixels (ImageOps.exif_transpose) as .npy, a two-frame animated GIF with Pillow's first frame as RGB .npy, and a JPEG
with junk bytes before its end marker (libjpeg warns, Pillow decodes it), and one with restart markers every 3 MCUs
(made losslessly by libjpeg-turbo's jpegtran: Debian libjpeg-turbo-progs, or JPEGTRAN=path); the pixels of both are in
make_jpeg_pixel_goldens.py.
Usage: /usr/bin/python3 make_extra_fixtures.py"""
import os
import subprocess
import numpy as np
from PIL import Image, ImageOps

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "extra")
os.makedirs(out, exist_ok=True)
photo = Image.open(os.path.join(here, "..", "..", "..", "samples", "ImageSearch", "photos", "cat-a.jpg")).convert("RGB").crop((40, 30, 137, 90))
for orientation in (3, 5, 6, 8):
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = os.path.join(out, f"exif_orientation_{orientation}.jpg")
    photo.save(path, quality=90, exif=exif.tobytes())
    with Image.open(path) as im:
        raw = np.asarray(im.convert("RGB"))
        upright = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
    np.save(os.path.join(out, f"exif_orientation_{orientation}.raw.npy"), raw)
    np.save(os.path.join(out, f"exif_orientation_{orientation}.upright.npy"), upright)

frames = [photo.quantize(32), photo.transpose(Image.FLIP_LEFT_RIGHT).quantize(32)]
path = os.path.join(out, "animated_2frames.gif")
frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
with Image.open(path) as im:
    assert getattr(im, "n_frames", 1) == 2
    np.save(os.path.join(out, "animated_2frames.frame0.npy"), np.asarray(im.convert("RGB")))
with open(os.path.join(here, "files", "jpeg_420_211x160.jpg"), "rb") as f:
    data = f.read()
assert data.endswith(b"\xff\xd9")
with open(os.path.join(out, "extraneous_bytes.jpg"), "wb") as f:
    f.write(data[:-2] + b"\x00\x01\x02\x03\x04" + data[-2:])
with Image.open(os.path.join(out, "extraneous_bytes.jpg")) as im:
    im.load()
restart = os.path.join(out, "restart_markers.jpg")
with open(restart, "wb") as f:
    subprocess.run([os.environ.get("JPEGTRAN", "jpegtran"), "-restart", "3B", "-copy", "none",
                    os.path.join(here, "files", "jpeg_420_211x160.jpg")], stdout=f, check=True)
with open(restart, "rb") as f:
    assert b"\xff\xdd" in f.read(), "no DRI segment"
print("ok")

"""Makes the image files of the end-to-end tests (Fixtures/files/), small crops of the sample photos in
samples/ImageSearch/photos (public domain / CC0, see their LICENSES.md), saved in every mode and container the decoders
handle: JPEG 4:2:0 / 4:2:2 / 4:4:4 / gray / progressive, PNG RGB / RGBA / LA / L / P (short and full palettes, with
transparency) / bilevel / 16-bit / 4-bit gray, GIF P and L, BMP 24-bit / 8-bit palette / 1-bit, WebP lossy and
lossless with alpha, plus a 1x1, a 3x2 and a panorama. Also writes the inputs the decoders must refuse (bad/).

Usage: /usr/bin/python3 make_file_images.py   (Debian's python3-pil and python3-numpy)"""
import os, struct, zlib
import numpy as np
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
photos = os.path.join(here, "..", "..", "..", "samples", "ImageSearch", "photos")
out = os.path.join(here, "files")
bad = os.path.join(out, "bad")
os.makedirs(bad, exist_ok=True)
for f in os.listdir(out):
    if os.path.isfile(os.path.join(out, f)):
        os.remove(os.path.join(out, f))

def photo(name, box):
    return Image.open(os.path.join(photos, name)).convert("RGB").crop(box)

def save(img, name, **kw):
    img.save(os.path.join(out, name), **kw)

def write_png(path, arr, color_type, bit_depth):
    """A plain PNG writer for what Pillow cannot write (16-bit colour, 4-bit gray): filter 0 rows, one IDAT."""
    h, w = arr.shape[:2]
    if bit_depth == 16:
        rows = arr.astype(">u2").reshape(h, -1).view(np.uint8)
    elif bit_depth == 4:
        a = arr.reshape(h, w)
        if w % 2:
            a = np.concatenate([a, np.zeros((h, 1), a.dtype)], 1)
        rows = ((a[:, 0::2] << 4) | a[:, 1::2]).astype(np.uint8)
    else:
        rows = arr.reshape(h, -1).astype(np.uint8)
    raw = b"".join(b"\x00" + rows[y].tobytes() for y in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(png)

# JPEG: chroma subsamplings, gray, progressive, odd sizes, a panorama, a tiny one.
save(photo("astronaut-a.jpg", (60, 40, 271, 200)), "jpeg_420_211x160.jpg", quality=85, subsampling=2)
save(photo("rocket-a.jpg", (120, 20, 270, 221)), "jpeg_422_150x201.jpg", quality=90, subsampling=1)
save(photo("coffee-a.jpg", (100, 60, 273, 191)), "jpeg_444_173x131.jpg", quality=95, subsampling=0)
save(photo("cat-a.jpg", (100, 40, 260, 147)).convert("L"), "jpeg_gray_160x107.jpg", quality=90)
save(photo("hubble-a.jpg", (0, 0, 121, 119)), "jpeg_progressive_121x119.jpg", quality=80, progressive=True)
save(photo("retina-a.jpg", (0, 180, 400, 210)), "jpeg_panorama_400x30.jpg", quality=88)
save(photo("cat-b.jpg", (150, 100, 153, 102)), "jpeg_tiny_3x2.jpg", quality=90)

# PNG in each Pillow mode.
rgb = photo("cat-a.jpg", (50, 60, 184, 188))  # 134x128: shortest 64 gives 67x64, crop offset 1.5 (a rounding tie)
save(rgb, "png_rgb_134x128.png")
base = photo("astronaut-a.jpg", (150, 30, 301, 201))  # 151x171
h, w = base.height, base.width
y, x = np.mgrid[0:h, 0:w]
alpha = np.clip((x * 255) // (w - 1) + np.where((y // 20) % 2 == 0, 0, -60), 0, 255).astype(np.uint8)
alpha[:, :12] = 0
alpha[:, -12:] = 255
rgba = np.dstack([np.asarray(base), alpha])
save(Image.fromarray(rgba, "RGBA"), "png_rgba_151x171.png")
la = np.dstack([np.asarray(base.convert("L")), alpha])
save(Image.fromarray(la, "LA"), "png_la_151x171.png")
save(photo("coffee-b.jpg", (0, 0, 97, 143)).convert("L"), "png_l_97x143.png")
save(photo("rocket-b.jpg", (30, 30, 230, 180)).quantize(200), "png_p200_200x150.png")
save(photo("hubble-b.jpg", (10, 10, 89, 70)).quantize(4), "png_p4_79x60.png")
trns = photo("retina-b.jpg", (100, 100, 190, 181)).quantize(16)
save(trns, "png_p16_trns_90x81.png", transparency=3)
save(photo("coffee-a.jpg", (0, 0, 120, 90)).convert("1"), "png_bilevel_120x90.png")
save(Image.new("RGB", (1, 1), (200, 30, 90)), "png_rgb_1x1.png")
rng = np.random.default_rng(3)
rgb16 = (np.asarray(photo("rocket-a.jpg", (0, 0, 70, 50))).astype(np.uint16) * 257 + rng.integers(0, 257, (50, 70, 3))).astype(np.uint16)
write_png(os.path.join(out, "png_rgb16_70x50.png"), rgb16, 2, 16)
rgba16 = np.dstack([rgb16, (np.arange(70)[None, :].repeat(50, 0) * 900 + 3).astype(np.uint16)])
write_png(os.path.join(out, "png_rgba16_70x50.png"), rgba16, 6, 16)
gray4 = (np.asarray(photo("cat-a.jpg", (0, 0, 45, 33)).convert("L")) >> 4).astype(np.uint8)
write_png(os.path.join(out, "png_gray4_45x33.png"), gray4, 0, 4)

# GIF: palette and gray.
save(photo("astronaut-b.jpg", (40, 40, 180, 150)).quantize(64), "gif_p64_140x110.gif")
save(photo("cat-b.jpg", (0, 0, 100, 80)).convert("L"), "gif_gray_100x80.gif")
save(photo("rocket-b.jpg", (0, 0, 5, 5)).quantize(8), "gif_p8_5x5.gif", transparency=2)

# BMP.
save(photo("retina-a.jpg", (150, 150, 263, 251)), "bmp_rgb24_113x101.bmp")
save(photo("coffee-b.jpg", (200, 100, 301, 190)).quantize(100), "bmp_p8_101x90.bmp")
save(photo("hubble-a.jpg", (0, 200, 77, 260)).convert("1"), "bmp_bilevel_77x60.bmp")

# WebP.
save(photo("cat-a.jpg", (180, 60, 320, 190)), "webp_lossy_140x130.webp", quality=80)
save(Image.fromarray(rgba[:90, :100], "RGBA"), "webp_lossless_rgba_100x90.webp", lossless=True)

# Inputs the decoders must refuse, each with a clear reason.
jpeg = open(os.path.join(out, "jpeg_420_211x160.jpg"), "rb").read()
open(os.path.join(bad, "truncated.jpg"), "wb").write(jpeg[: len(jpeg) // 2])
png = open(os.path.join(out, "png_rgb_134x128.png"), "rb").read()
open(os.path.join(bad, "truncated.png"), "wb").write(png[: len(png) * 2 // 3])
open(os.path.join(bad, "not_an_image.png"), "wb").write(b"this is a text file, not a PNG\n")
open(os.path.join(bad, "empty.jpg"), "wb").write(b"")
photo("cat-a.jpg", (0, 0, 40, 30)).convert("CMYK").save(os.path.join(bad, "cmyk.jpg"), quality=90)
write_png(os.path.join(bad, "gray16.png"), (np.arange(40 * 30).reshape(30, 40) * 50).astype(np.uint16), 0, 16)
print("ok")

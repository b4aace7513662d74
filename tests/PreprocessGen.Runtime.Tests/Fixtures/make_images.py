"""Makes the test images: photo-like RGB content (smooth gradients, hard edges, texture and noise) at sizes that
exercise downscaling, upscaling, odd crops and both orientations. Writes PNGs for the oracle and the decoded pixels
as <name>.input.npy (uint8 H x W x 3) for the C# tests."""
import sys
import numpy as np
from PIL import Image

out_png, out_npy = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(20261202)
for name, (w, h) in {"landscape_640x480": (640, 480), "portrait_301x517": (301, 517), "small_150x97": (150, 97)}.items():
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 127 + 120 * np.sin(x / w * 7.1 + y / h * 2.3)
    g = 255 * (x / w) * (y / h)
    b = np.where(((x // 17) + (y // 23)) % 2 == 0, 40.0, 215.0)
    disc = (x - w * 0.6) ** 2 + (y - h * 0.4) ** 2 < (min(w, h) * 0.2) ** 2
    r[disc], g[disc], b[disc] = 250, 20, 30
    img = np.stack([r, g, b], -1) + rng.normal(0, 12, (h, w, 3))
    img = np.clip(np.round(img), 0, 255).astype(np.uint8)
    Image.fromarray(img, "RGB").save(f"{out_png}/{name}.png")
    np.save(f"{out_npy}/{name}.input.npy", img)

# Non-RGB modes, from their own generator so the RGB images above stay the same.
rng2 = np.random.default_rng(99)
w, h = 211, 173
y, x = np.mgrid[0:h, 0:w].astype(np.float64)
gray = np.clip(np.round(128 + 100 * np.sin(x / 9.0) * np.cos(y / 13.0) + rng2.normal(0, 10, (h, w))), 0, 255).astype(np.uint8)
Image.fromarray(gray, "L").save(f"{out_png}/gray_211x173.png")
np.save(f"{out_npy}/gray_211x173.input.npy", gray)
w, h = 190, 260
y, x = np.mgrid[0:h, 0:w].astype(np.float64)
rgb = np.stack([255 * x / w, 255 * y / h, 128 + 0 * x], -1) + rng2.normal(0, 15, (h, w, 3))
alpha = np.clip(np.round(255 * (x / w)), 0, 255)
alpha[: h // 4] = 255   # opaque band
alpha[-h // 5:] = 0     # transparent band (colour still present)
rgba = np.clip(np.round(np.concatenate([rgb, alpha[..., None]], -1)), 0, 255).astype(np.uint8)
Image.fromarray(rgba, "RGBA").save(f"{out_png}/rgba_190x260.png")
np.save(f"{out_npy}/rgba_190x260.input.npy", rgba)

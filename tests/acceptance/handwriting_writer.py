#!/usr/bin/env python3
"""A test writer for issue 15's acceptance: one person's handwriting, drawn as the studio's canvas
would hold it (560x560, ink 255 on black, round pen of a fixed width), with a strong right slant
and a few personal habits (crossed 7, 1 with a flag and a base, open-top 4, straight-stemmed 9).

    handwriting_writer.py OUT_DIR PER_DIGIT SEED

writes OUT_DIR/<digit>-<n>.pgm and OUT_DIR/labels.csv (file,label). The images go through
`nnfs` exactly like canvas drawings (preprocess_digit). Pure Python: Debian's python3 only.
"""
import math
import os
import random
import sys

SIDE = 560       # the canvas raster (app/studio/widgets/digit_canvas.h, kRaster)
PEN = 15         # pen radius in raster pixels
SLANT = 1.2     # x shifts right by SLANT per unit of height going up


def arc(cx, cy, rx, ry, a0, a1, n=24):
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


# Strokes per digit in a unit box (x right, y down).
SHAPES = {
    0: [arc(0.5, 0.5, 0.32, 0.45, -90, 270, 40)],
    1: [[(0.3, 0.22), (0.55, 0.04), (0.55, 0.96)], [(0.3, 0.96), (0.8, 0.96)]],
    2: [arc(0.5, 0.3, 0.3, 0.25, 200, 360) + [(0.8, 0.3), (0.15, 0.95), (0.88, 0.95)]],
    3: [arc(0.48, 0.27, 0.3, 0.23, 200, 450) + arc(0.48, 0.72, 0.34, 0.25, -90, 160)],
    4: [[(0.62, 0.04), (0.1, 0.66), (0.9, 0.66)], [(0.66, 0.3), (0.66, 0.98)]],
    5: [[(0.82, 0.04), (0.28, 0.04), (0.22, 0.45)] + arc(0.48, 0.68, 0.33, 0.28, -120, 150)],
    6: [arc(0.6, 0.5, 0.35, 0.46, -80, -200, 12) + arc(0.5, 0.72, 0.3, 0.25, 180, 540, 30)],
    7: [[(0.1, 0.06), (0.9, 0.06), (0.38, 0.97)], [(0.33, 0.52), (0.78, 0.52)]],
    8: [arc(0.5, 0.27, 0.26, 0.23, 90, 450, 30) + arc(0.5, 0.72, 0.32, 0.25, -90, 270, 30)],
    9: [arc(0.5, 0.3, 0.3, 0.26, 0, 360, 30) + [(0.8, 0.3), (0.74, 0.98)]],
}


def place(points, rng):
    """Slant, a little size/rotation/position jitter, then raster coordinates."""
    angle = math.radians(rng.uniform(-4, 4))
    scale = SIDE * 0.62 * rng.uniform(0.92, 1.08)
    ox = SIDE * (0.5 + rng.uniform(-0.05, 0.05))
    oy = SIDE * (0.5 + rng.uniform(-0.05, 0.05))
    out = []
    for x, y in points:
        x, y = x - 0.5, y - 0.5
        x += SLANT * (-y)
        x, y = x * 0.7, y
        x += rng.gauss(0, 0.008)
        y += rng.gauss(0, 0.008)
        xr = x * math.cos(angle) - y * math.sin(angle)
        yr = x * math.sin(angle) + y * math.cos(angle)
        out.append((ox + scale * xr, oy + scale * yr))
    return out


def stamp(raster, cx, cy):
    r = PEN
    for y in range(max(0, int(cy - r)), min(SIDE, int(cy + r) + 1)):
        dy = y - cy
        half = r * r - dy * dy
        if half < 0:
            continue
        w = math.sqrt(half)
        x0, x1 = max(0, int(cx - w)), min(SIDE - 1, int(cx + w))
        raster[y * SIDE + x0:y * SIDE + x1 + 1] = b"\xff" * (x1 - x0 + 1)


def draw(digit, rng):
    raster = bytearray(SIDE * SIDE)
    for stroke in SHAPES[digit]:
        pts = place(stroke, rng)
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0) / (PEN / 3)))
            for i in range(steps + 1):
                stamp(raster, x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
    return raster


def main():
    out, per_digit, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    lines = ["file,label"]
    for n in range(per_digit):
        for digit in range(10):
            name = f"{digit}-{n}.pgm"
            with open(os.path.join(out, name), "wb") as f:
                f.write(b"P5 %d %d 255\n" % (SIDE, SIDE) + bytes(draw(digit, rng)))
            lines.append(f"{name},{digit}")
    with open(os.path.join(out, "labels.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

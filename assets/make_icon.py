#!/usr/bin/env python3
"""Draws assets/icon.png (256x256 RGBA): a small neural network — three layers of nodes joined
by weighted edges — over a rounded dark-blue tile, with the output node lit. Standard library
only (zlib + struct write the PNG); 4x supersampling for anti-aliasing.

    python3 assets/make_icon.py assets/icon.png
"""
import math
import struct
import sys
import zlib

SIZE = 256
SS = 4  # supersampling factor
N = SIZE * SS


def lerp(a, b, t):
    return tuple(a[i] + (b[i] - a[i]) * t for i in range(len(a)))


def rounded_rect_inside(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = min(max(t, 0.0), 1.0)
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def main(out):
    layers = [
        [(58, y) for y in (64, 108, 152, 196)],
        [(128, y) for y in (52, 96, 140, 184, 228)],
        [(198, y) for y in (96, 160)],
    ]
    lit = layers[2][0]
    edges = []
    for a, b in zip(layers, layers[1:]):
        for p in a:
            for q in b:
                strong = (p[1] * 7 + q[1] * 3) % 5 < 2
                edges.append((p, q, strong))
    top, bottom = (37, 99, 200), (16, 44, 110)
    img = bytearray(SIZE * SIZE * 4)
    acc = [[0.0, 0.0, 0.0, 0.0] for _ in range(SIZE * SIZE)]
    for sy in range(N):
        y = (sy + 0.5) / SS
        row = acc[int(y) * SIZE:(int(y) + 1) * SIZE]
        for sx in range(N):
            x = (sx + 0.5) / SS
            if not rounded_rect_inside(x, y, 8, 8, 248, 248, 44):
                continue
            c = lerp(top, bottom, y / SIZE)
            # edges
            for p, q, strong in edges:
                if min(p[0], q[0]) - 3 <= x <= max(p[0], q[0]) + 3:
                    d = seg_dist(x, y, p[0], p[1], q[0], q[1])
                    w = 2.2 if strong else 1.2
                    if d < w:
                        c = lerp(c, (150, 200, 255) if strong else (90, 130, 200), 0.85 if strong else 0.6)
            # nodes
            for layer in layers:
                for (nx, ny) in layer:
                    d = math.hypot(x - nx, y - ny)
                    if d < 15:
                        if (nx, ny) == lit:
                            c = (255, 200, 60) if d < 12.5 else (255, 240, 200)
                        else:
                            c = (235, 242, 255) if d < 12.5 else (120, 160, 230)
            px = row[int(x)]
            px[0] += c[0]
            px[1] += c[1]
            px[2] += c[2]
            px[3] += 255
    scale = 1.0 / (SS * SS)
    for i, (r, g, b, a) in enumerate(acc):
        if a > 0:
            img[4 * i:4 * i + 4] = bytes((round(r / (a / 255)), round(g / (a / 255)), round(b / (a / 255)), round(a * scale)))
    raw = b"".join(b"\x00" + bytes(img[y * SIZE * 4:(y + 1) * SIZE * 4]) for y in range(SIZE))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "icon.png")

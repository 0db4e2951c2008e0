#!/usr/bin/env python3
"""JPEG fixtures for Tests/ServingTests, decoded by Pillow as the reference.

Writes, under Tests/ServingTests/Fixtures/:
  colour.jpg       24x16 RGB, baseline, quality 90, 4:2:0 chroma subsampling
  progressive.jpg  the same picture, progressive
  grey.jpg         24x16 greyscale
  X.pixels         Pillow's decoding of X.jpg: the raw bytes, rows top to bottom, channels interleaved

Needs Pillow (pip install pillow); the tests themselves do not.
"""
import os
from PIL import Image

here = os.path.join(os.path.dirname(__file__), "..", "Tests", "ServingTests", "Fixtures")


def picture():
    """A smooth gradient with a few sharp edges, so that every DCT band is used."""
    width, height = 24, 16
    image = Image.new("RGB", (width, height))
    for y in range(height):
        for x in range(width):
            edge = 80 if (x // 6 + y // 4) % 2 else 0
            image.putpixel((x, y), ((x * 10 + edge) % 256, (y * 15) % 256, (255 - x * 5 - y * 3 + edge) % 256))
    return image


def write(name, image, **options):
    path = os.path.join(here, name + ".jpg")
    image.save(path, "JPEG", **options)
    with Image.open(path) as decoded:
        with open(os.path.join(here, name + ".pixels"), "wb") as out:
            out.write(decoded.tobytes())


if __name__ == "__main__":
    os.makedirs(here, exist_ok=True)
    colour = picture()
    write("colour", colour, quality=90, subsampling=2)
    write("progressive", colour, quality=90, subsampling=2, progressive=True)
    write("grey", colour.convert("L"), quality=90)

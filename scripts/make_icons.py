#!/usr/bin/env python3
"""Draw the web app's icons (an open book on the theme's primary colour) into docs/assets/icons/.

The PNGs are committed, so a build needs no image library; run this after changing the palette's primary colour
(tests/editions/test_webapp.py checks that the committed icons are what this script draws, in the manifest's colour).

    .venv/bin/python scripts/make_icons.py            # write the icons
    .venv/bin/python scripts/make_icons.py --check    # exit 1 if a committed icon differs
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from course_reader.editions import webapp_manifest  # the theme colour, read from Material's palette like the manifest's

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "docs" / "assets" / "icons"
SUPERSAMPLE = 4  # drawn 4× larger, then scaled down: smooth edges without an anti-aliasing renderer
WHITE = (255, 255, 255, 255)


def draw(size: int, colour: str, *, glyph: float, rounded: bool) -> bytes:
    """A `size`-pixel square icon as PNG bytes: the book takes `glyph` of the width (a maskable icon keeps it
    inside the central safe circle, 80% of the width); `rounded` gives an "any" icon rounded transparent corners."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    background = Image.new("RGBA", (1, 1), colour).getpixel((0, 0))
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(big * 0.18), fill=background)
    else:
        pen.rectangle((0, 0, big - 1, big - 1), fill=background)
    width = big * glyph
    height = width * 0.66
    top = (big - height) / 2 - big * 0.02
    centre, gap, sag = big / 2, width * 0.035, height * 0.1
    for side in (-1, 1):  # the two pages, lower at the spine like an open book seen from the front
        outer = centre + side * width / 2
        inner = centre + side * gap
        pen.polygon([(inner, top + sag), (outer, top), (outer, top + height), (inner, top + height + sag)], fill=WHITE)
        for line in range(1, 5):  # lines of text in the page's colour
            y = top + height * line / 5.5
            x0, x1 = inner + side * width * 0.07, outer - side * width * 0.06
            rise = sag * (1 - line / 5.5) * 0.1
            pen.line([(x0, y + sag * 0.9 - rise), (x1, y)], fill=background, width=max(1, round(height * 0.045)))
    small = image.resize((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def icons(colour: str) -> dict[str, bytes]:
    """File name -> PNG bytes for every icon the manifest and pages link."""
    return {
        "icon-192.png": draw(192, colour, glyph=0.72, rounded=True),
        "icon-512.png": draw(512, colour, glyph=0.72, rounded=True),
        "maskable-192.png": draw(192, colour, glyph=0.56, rounded=False),
        "maskable-512.png": draw(512, colour, glyph=0.56, rounded=False),
        "apple-touch-icon.png": draw(180, colour, glyph=0.6, rounded=False),  # iOS rounds the corners itself
    }


def project_colour() -> str:
    """The theme colour the manifest gets: the palette's primary colour in Material's palette CSS."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with open(ROOT / "mkdocs.yml", "rb") as fd:
        config = yaml_load(fd, get_yaml_loader())
    return webapp_manifest.theme_colour(webapp_manifest.palette_primary(config.get("theme", {}).get("palette")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed icons instead of writing")
    args = parser.parse_args()
    colour = project_colour()
    wanted = icons(colour)
    if args.check:
        stale = [
            name for name, data in wanted.items() if not (OUT / name).is_file() or (OUT / name).read_bytes() != data
        ]
        if stale:
            print(f"out of date: {', '.join(stale)} — run scripts/make_icons.py")
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in wanted.items():
        (OUT / name).write_bytes(data)
        print(f"{OUT.relative_to(ROOT) / name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

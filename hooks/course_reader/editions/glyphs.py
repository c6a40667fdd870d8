"""Characters the PDF edition cannot draw: WeasyPrint takes each character from the fonts pdf.css names, or from any
other installed font that has it (fontconfig's fallback), and prints an empty box where none has it, without a
word. Before the PDF is made, its text is checked against what the installed fonts cover (`fc-list`), and each
missing character is named with the text around it and the fix: a font with that script."""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from bisect import bisect_right

# Characters drawn by no glyph: controls, format characters (joiners, direction marks, soft hyphens), spaces,
# variation selectors
_NO_GLYPH = ("Cc", "Cf", "Zs", "Zl", "Zp")
_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))
FIX = (
    "install a font with that script and list it in scripts/setup-editions (on Debian: fonts-noto-cjk for Chinese, "
    "Japanese and Korean, fonts-noto-color-emoji for emoji, fonts-noto-core for most other scripts), or write the "
    "text without those characters"
)


def missing(text: str, covered: tuple[list[int], list[int]] | None = None) -> dict[str, str]:
    """Each character of `text` no installed font has -> the words around its first use (characters first used
    close together share their words)."""
    starts, ends = covered if covered is not None else coverage()
    found: dict[str, str] = {}
    last = -100
    for at, char in enumerate(text):
        if char in found or char.isascii():
            continue
        code = ord(char)
        if unicodedata.category(char) in _NO_GLYPH or any(code in r for r in _SELECTORS):
            continue
        index = bisect_right(starts, code) - 1
        if index < 0 or code > ends[index]:
            near = at - last < 30 and found
            found[char] = list(found.values())[-1] if near else " ".join(text[max(0, at - 30) : at + 30].split())
            last = at
    return found


def message(found: dict[str, str]) -> str:
    """The warning for the characters `missing` found, grouped by the text they are in."""
    groups: dict[str, list[str]] = {}
    for char, context in found.items():
        groups.setdefault(context, []).append(char)
    shown = [
        f'{", ".join(repr(c) for c in chars)} ({", ".join(f"U+{ord(c):04X}" for c in chars)}) in "…{context}…"'
        for context, chars in list(groups.items())[:6]
    ]
    more = f" and {len(groups) - 6} more places" if len(groups) > 6 else ""
    count = f"{len(found)} character{'s' if len(found) > 1 else ''}"
    return (
        f"PDF edition: {count} of the text have no glyph in any installed font and would print as empty boxes: "
        f"{'; '.join(shown)}{more} — {FIX}"
    )


@functools.cache
def coverage() -> tuple[list[int], list[int]]:
    """The code points the installed fonts cover, as sorted, merged ranges (starts, ends); none if fontconfig's
    fc-list is missing (then WeasyPrint, which needs fontconfig, is missing too)."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{charset}\\n"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return [0], [0x10FFFF]  # nothing to check against: say nothing rather than everything
    ranges = sorted((int(a, 16), int(b or a, 16)) for part in out.split() for a, _, b in [part.partition("-")] if a)
    starts: list[int] = []
    ends: list[int] = []
    for start, end in ranges:
        if ends and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends

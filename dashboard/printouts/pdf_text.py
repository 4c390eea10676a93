"""Text the PDF's font can draw: the font (DejaVu Sans, shipped with matplotlib), which
characters it covers, and text made safe for fpdf2's markdown."""

from __future__ import annotations

import os
import unicodedata
from functools import cache

import matplotlib
from fontTools.ttLib import TTFont

FONT = "DejaVu"
FONT_DIR = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
MISSING_LETTER = "□"  # shown for a letter or digit the font cannot draw

try:  # right-to-left scripts need shaping; without it they still print, unjoined
    import uharfbuzz  # noqa: F401

    CAN_SHAPE = True
except ImportError:  # pragma: no cover - depends on the installation
    CAN_SHAPE = False


# --- text the font can draw -----------------------------------------------------------


@cache
def covered_code_points() -> frozenset[int]:
    """Code points both DejaVu faces can draw (bold covers slightly less than regular)."""
    sets = []
    for name in FONT_FILES.values():
        font = TTFont(os.path.join(FONT_DIR, name), lazy=True)
        sets.append(frozenset(font.getBestCmap()))
        font.close()
    return frozenset.intersection(*sets)


def printable(text: str) -> str:
    """`text` with every character the PDF font cannot draw replaced or left out.

    Letters and digits become MISSING_LETTER, other whitespace a space, and
    anything else missing (emoji, symbols, joiners, variation selectors,
    unpaired surrogates) is dropped.
    """
    covered = covered_code_points()
    out = []
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if char == "\n" or (code in covered and unicodedata.category(char)[0] != "C"):
            out.append(char)
        elif char.isspace():
            out.append(" ")
        elif unicodedata.category(char)[0] in "LN":
            out.append(MISSING_LETTER)
    return "".join(out)


def no_markup(text: str) -> str:
    """Text safe to embed in fpdf2's markdown (its markers are **, __ and --)."""
    return text.replace("**", "*").replace("__", "_").replace("--", "–")


def right_to_left(text: str) -> bool:
    """Whether the text holds right-to-left letters (Arabic, Hebrew): it needs shaping."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)

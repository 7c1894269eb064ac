"""Texts shaped to make a text path super-linear (issue 10 §1), each made at any length.

Shared by `bench/adversarial.py` (timed) and `tests/test_extract_linear.py` (work counted):
long words of letters in many scripts, long runs of one letter, long hyphenated and dotted
chains, runs of apostrophes, quotes, whitespace and digits, words mixing Latin with its
Cyrillic and Greek look-alikes, and a single sentence holding thousands of dates and places.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import cycle, islice


def _repeat(unit: str, length: int) -> str:
    return "".join(islice(cycle(unit), length))


def _prefixed(prefix: str, unit: str) -> Callable[[int], str]:
    return lambda length: prefix + _repeat(unit, length - len(prefix))


# name -> text of (about) `length` characters
SHAPES: dict[str, Callable[[int], str]] = {
    "Bakı + x…": _prefixed("Bakı", "x"),
    "Cyrillic а…": _prefixed("", "а"),
    "Cyrillic capital А…": _prefixed("", "А"),
    "Cyrillic ж…": _prefixed("", "ж"),
    "Latin x…": _prefixed("", "x"),
    "Latin X…": _prefixed("", "X"),
    "Greek α…": _prefixed("", "α"),
    "Greek λ…": _prefixed("", "λ"),
    "Armenian ա…": _prefixed("", "ա"),
    "Armenian capital Ա…": _prefixed("", "Ա"),
    "Georgian ა…": _prefixed("", "ა"),
    "Arabic ب…": _prefixed("", "ب"),
    "Hebrew ש…": _prefixed("", "ש"),
    "Devanagari कि…": _prefixed("", "कि"),
    "CJK 中…": _prefixed("", "中"),
    "accented é (combining)…": _prefixed("", "e\u0301"),
    "ligature ﬁ…": _prefixed("", "ﬁ"),
    "Latin then Cyrillic а…": _prefixed("Baku", "а"),
    "mixed xа…": _prefixed("", "xа"),
    "mixed Xα capitalised…": _prefixed("X", "αx"),
    "Cyrillic word then Latin x": lambda length: _repeat("а", length - 1) + "x",
    "capitalised words A A…": _prefixed("", "A "),
    "known words Baku Baku…": _prefixed("", "Baku "),
    "multi-word starts New New…": _prefixed("", "New "),
    "hyphenated chain a-a-…": _prefixed("", "a-"),
    "hyphenated chain A-A-…": _prefixed("", "A-"),
    "line-end hyphens a-⏎…": _prefixed("", "ab-\n"),
    "dotted chain a.a.…": _prefixed("", "a."),
    "dotted chain A.A.…": _prefixed("", "A."),
    "dots ….": _prefixed("x", "."),
    "sentences A. A. …": _prefixed("", "A. "),
    "apostrophes x'x'…": _prefixed("", "x'"),
    "apostrophes A's's…": _prefixed("A", "'s"),
    "apostrophes '…": _prefixed("x", "'"),
    "curly quotes ’…": _prefixed("x", "’"),
    'quotes after a dot .""…': _prefixed("x.", '"'),
    "brackets after a dot .)))…": _prefixed("x.", ")"),
    "spaces": lambda length: "x" + " " * (length - 2) + "x",
    "tabs and spaces": _prefixed("x", " \t"),
    "no-break spaces": _prefixed("x", "\u00a0"),
    "newline then spaces": _prefixed("x\n", " "),
    "blank lines": _prefixed("x", "\n \n"),
    "zero-width and soft hyphens": _prefixed("x", "\u200b\u00ad"),
    "digits": _prefixed("", "7"),
    "day numbers 1 1 1…": _prefixed("May ", "1 "),
    "one sentence of dates and places": _prefixed(
        "On May 5, 2020 ", "Baku, Ganja, Paris, Tbilisi, Yerevan, Moscow, Ankara, Tehran, May 6, in 1990, "
    ),
    "month names May May…": _prefixed("", "May "),
}


def adversarial_text(shape: str, length: int) -> str:
    """The text of shape `shape` (a key of SHAPES), `length` characters long."""
    if shape not in SHAPES:
        raise KeyError(f"no adversarial shape {shape!r}; known: {', '.join(SHAPES)}")
    return SHAPES[shape](length)[:length]

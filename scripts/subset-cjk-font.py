#!/usr/bin/python3
"""Subset Noto Sans CJK SC to the Chinese characters the app itself shows.

Many classroom PCs (and our CI machines) have no CJK font, so the zh UI would show boxes.
This script collects every CJK character and CJK punctuation mark in the app's source
(the zh strings in src/i18n/, the default sentences and texts, anything else under src/,
tests excepted), subsets Debian's Noto Sans CJK SC Regular and Bold to exactly those, and
writes them as woff2 next to the list of covered characters and the font's licence (OFL).

    apt-get install fonts-noto-cjk python3-fonttools python3-brotli
    /usr/bin/python3 scripts/subset-cjk-font.py

Run it again after adding Chinese text: src/fonts/cjkSubset.test.ts fails while a
character of the zh strings or the defaults is missing from the subset.
"""

import re
import sys
from pathlib import Path

try:
    from fontTools import subset
    from fontTools.ttLib import TTCollection
except ImportError:
    sys.exit("fontTools is missing: apt-get install python3-fonttools python3-brotli (and run /usr/bin/python3)")

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src"
OUT = ROOT / "src" / "fonts" / "noto-sans-sc-subset"
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
LICENCE_SOURCE = Path("/usr/share/doc/fonts-noto-cjk/copyright")
FAMILY = "Noto Sans CJK SC"
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}

# The Unicode blocks counted as CJK: the same ranges as src/fonts/cjkRanges.ts (and the
# @font-face unicode-range), so the test and this script agree on what needs covering.
CJK_RANGES = [
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation: 。、「」『』〈〉
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: ，：；（）！？
    (0x20000, 0x2FA1F),  # supplementary ideographs
]


def is_cjk(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in CJK_RANGES)


def source_files():
    for path in sorted(SOURCE.rglob("*")):
        if path.suffix in {".ts", ".svelte"} and not path.name.endswith(".test.ts"):
            yield path


def used_characters() -> list[str]:
    found: set[str] = set()
    for path in source_files():
        found.update(c for c in path.read_text(encoding="utf-8") if is_cjk(c))
    return sorted(found)


def load_font(file_name: str):
    collection = TTCollection(str(FONT_DIR / file_name))
    for font in collection.fonts:
        if font["name"].getDebugName(1) == FAMILY:
            return font
    sys.exit(f"{FAMILY} not found in {file_name}")


def write_subset(weight: str, characters: list[str]) -> tuple[Path, list[str]]:
    font = load_font(WEIGHTS[weight])
    options = subset.Options()
    options.flavor = "woff2"
    options.desubroutinize = True  # woff2 compresses plain charstrings better
    options.hinting = False  # browsers ignore CFF hints at screen sizes anyway
    options.layout_features = ["*"]  # keep vertical forms, punctuation kerning, etc.
    options.name_IDs = ["*"]  # copyright, licence and version strings stay in the font
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(characters))
    subsetter.subset(font)
    missing = [c for c in characters if ord(c) not in font.getBestCmap()]
    target = OUT / f"NotoSansSC-{weight}-subset.woff2"
    font.flavor = "woff2"
    font.save(str(target))
    return target, missing


def write_licence() -> None:
    """The OFL text from Debian's copyright file, with the font's own copyright line."""
    text = LICENCE_SOURCE.read_text(encoding="utf-8")
    block = text.split("License: SIL-1.1\n", 2)[2].split("\nLicense: ", 1)[0]
    lines = [line[1:] if line.startswith(" ") else line for line in block.splitlines()]
    body = "\n".join("" if line == "." else line for line in lines).strip()
    copyright_line = load_font(WEIGHTS["Regular"])["name"].getDebugName(0)
    (OUT / "OFL.txt").write_text(
        f"Noto Sans CJK SC (subset: src/fonts/noto-sans-sc-subset/*.woff2, made by scripts/subset-cjk-font.py)\n"
        f"{copyright_line}\n\n{body}\n",
        encoding="utf-8",
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    characters = used_characters()
    uncovered: set[str] = set()
    for weight in WEIGHTS:
        target, missing = write_subset(weight, characters)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")
        uncovered.update(missing)
    if uncovered:
        print(f"not in the font (left to system fonts, and missing from the list): {''.join(sorted(uncovered))}")
    covered = [c for c in characters if c not in uncovered]
    # One line, sorted by code point: the test reads it, a diff shows what changed.
    (OUT / "covered-characters.txt").write_text("".join(covered) + "\n", encoding="utf-8")
    write_licence()
    print(f"{len(covered)} characters covered")


if __name__ == "__main__":
    main()

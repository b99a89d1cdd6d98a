"""Make the fallback fonts in resources/fonts/ from the Noto families (SIL OFL 1.1).

The plan's main font is DejaVu Sans (Latin, Greek, Cyrillic: make_fonts.py). For the other
scripts of languages spoken by people with a SIP in Sweden, the PDF falls back, character by
character, to these Noto fonts, each cut to its own script so the repository carries only what
is used (ReportLab subsets again when it embeds, so a PDF holds only the glyphs it draws):

- Noto Sans Arabic: Arabic, Persian/Dari, Kurdish (Sorani), Urdu, Pashto
- Noto Sans Hebrew, Armenian, Georgian
- Noto Sans Ethiopic: Tigrinya, Amharic
- Noto Sans Thai
- Noto Emoji (monochrome): emoji, so a person's own words print as they wrote them

Sources: Debian's fonts-noto-core (/usr/share/fonts/truetype/noto, version 20201225) for the
script fonts; Noto Emoji's variable TTF (from the PyPI wheel manimgx-fonts, which ships it
unmodified), instanced at weight 400. Run:
  .venv/bin/python resources/fonts/make_noto.py NOTO_DIR NOTO_EMOJI_VARIABLE_TTF
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

TARGET = Path(__file__).resolve().parent
COMMON = [(0x20, 0x20), (0xA0, 0xA0), (0x200B, 0x200F), (0x25CC, 0x25CC)]
SCRIPTS = {
    "Arabic": [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
               (0xFE70, 0xFEFF)],
    "Hebrew": [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)],
    "Armenian": [(0x0530, 0x058F), (0xFB13, 0xFB17)],
    "Georgian": [(0x10A0, 0x10FF), (0x2D00, 0x2D2F), (0x1C90, 0x1CBF)],
    "Ethiopic": [(0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)],
    "Thai": [(0x0E00, 0x0E7F)],
}


def cut(font: TTFont, ranges, out: Path, features=("*",)) -> None:
    options = subset.Options()
    options.layout_features = list(features)  # shaping (Arabic joining, marks) needs them all
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # print only: hinting is for screens
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in ranges for c in range(lo, hi + 1)])
    subsetter.subset(font)
    font.save(out)
    print(out, out.stat().st_size)


def main(noto_dir: Path, emoji_ttf: Path) -> None:
    for script, ranges in SCRIPTS.items():
        for weight in ("Regular", "Bold"):
            name = f"NotoSans{script}-{weight}.ttf"
            cut(TTFont(noto_dir / name, recalcTimestamp=False), ranges + COMMON, TARGET / name)
    from fontTools.varLib import instancer

    emoji = TTFont(emoji_ttf, recalcTimestamp=False)
    if "fvar" in emoji:
        emoji = instancer.instantiateVariableFont(emoji, {"wght": 400})
    # emoji only: digits, '#', '*', '©' and the like stay in the main font
    codes = [c for c in emoji.getBestCmap() if c >= 0x2000]
    # no layout features: single code points only (a ZWJ sequence prints as its parts)
    cut(emoji, [(c, c) for c in codes] + COMMON, TARGET / "NotoEmoji-Regular.ttf", features=())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

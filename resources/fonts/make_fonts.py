"""Make the PDF fonts in resources/fonts/ from the DejaVu fonts (Debian: fonts-dejavu-core).

Why rescaled: pyHanko lays out stamp text as if a font had 1000 units per em; DejaVu has 2048,
so its stamp text came out letter-spaced. Scaling the em to 1000 once (fontTools scale_upem)
fixes that, and ReportLab renders the rescaled file exactly like the original.
Run: .venv/bin/python resources/fonts/make_fonts.py [SOURCE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent

for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
    font = TTFont(SOURCE / name, recalcTimestamp=False)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    if "FFTM" in font:  # FontForge's timestamp: no use in a PDF, and the subsetter warns on it
        del font["FFTM"]
    font.save(TARGET / name)
    print(TARGET / name)

# The stamp's font: the Latin scripts only (every European name, Vietnamese too), so pyHanko,
# which parses and subsets the whole file at each signature, has a small file to work on.
from fontTools import subset  # noqa: E402

# No layout tables (GSUB, GPOS, GDEF, MATH): pyHanko lays the stamp out from the cmap and the
# advance widths alone (without HarfBuzz it never reads them), and subsetting them was most of
# the signature's time (≈0.1 s of ≈0.15 s).
options = subset.Options()
options.layout_features = []
options.name_IDs = ["*"]
options.notdef_outline = True
options.drop_tables = [*options.drop_tables, "FFTM", "GSUB", "GPOS", "GDEF", "MATH"]
font = TTFont(TARGET / "DejaVuSans.ttf", recalcTimestamp=False)
subsetter = subset.Subsetter(options)
ranges = [(0x20, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20AC, 0x20AC)]
subsetter.populate(unicodes=[c for lo, hi in ranges for c in range(lo, hi + 1)])
subsetter.subset(font)
font.save(TARGET / "DejaVuSans-Stamp.ttf")
print(TARGET / "DejaVuSans-Stamp.ttf")

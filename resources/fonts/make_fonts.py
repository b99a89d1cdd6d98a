"""Make the PDF fonts in resources/fonts/ from the DejaVu fonts (Debian: fonts-dejavu-core).

Why rescaled: pyHanko laid out the signature stamp's text as if a font had 1000 units per em;
DejaVu has 2048, so its stamp text came out letter-spaced. Scaling the em to 1000 once (fontTools
scale_upem) fixed that, and ReportLab renders the rescaled file exactly like the original. (The
stamp is now drawn by ReportLab, `sipdesk/export/stamp.py`; the rescaled files stay.)
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

"""`python -m sipdesk` – same as the `sipdesk` command."""

from __future__ import annotations

import sys

from sipdesk import startup

startup.pause()  # from the very start; the command line decides (sipdesk.cli.main)
from sipdesk.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

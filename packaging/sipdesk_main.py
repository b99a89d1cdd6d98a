"""The bundle's entry point: the same as the `sipdesk` command."""

from __future__ import annotations

import sys

from sipdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())

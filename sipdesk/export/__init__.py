"""Documents made from a plan (PDF, the person's own copy, invitation, calendar). No Qt here."""

from sipdesk.export.lean_imports import defer_costly_patterns, defer_network_clients

defer_network_clients()  # pyHanko's aiohttp timestamp client only if it is ever used (≈0.2 s)
defer_costly_patterns()  # ReportLab's URI pattern only if it is ever used (≈45 ms)

"""SipDesk – the chair's tool for SIP meetings (samordnad individuell plan)."""

__version__ = "0.1.0"

"""Borne: a guided-procedure kiosk for French public digital-access points."""

__version__ = "0.1.0"

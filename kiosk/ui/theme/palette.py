"""Colours of the two themes, and the WCAG contrast ratio that checks them (no Kivy here)."""

from __future__ import annotations

from types import MappingProxyType

# Each role is a (background, text) pair; every pair must reach 7:1 (WCAG AAA).
_NORMAL = {
    "screen": ("#FAF7F0", "#1B1B1B"),
    "bar": ("#E8E2D4", "#1B1B1B"),
    "primary": ("#0B3D91", "#FFFFFF"),
    "secondary": ("#FFFFFF", "#0B3D91"),
    "help": ("#8E1B10", "#FFFFFF"),
    "warning": ("#FFE9A8", "#1B1B1B"),
    "disabled": ("#E3E3E3", "#333333"),
    "tile": ("#FFFFFF", "#1B1B1B"),
    "selected": ("#0B3D91", "#FFFFFF"),
    "overlay": ("#1B1B1B", "#FFFFFF"),
    "leave": ("#E8E2D4", "#1B1B1B"),  # « Fermer l'espace »: unlike any tab, chosen or not
}
_HIGH = {
    "screen": ("#000000", "#FFFFFF"),
    "bar": ("#000000", "#FFFFFF"),
    "primary": ("#FFE500", "#000000"),
    "secondary": ("#000000", "#FFE500"),
    "help": ("#FFFFFF", "#000000"),
    "warning": ("#000000", "#FFE500"),
    "disabled": ("#000000", "#C8C8C8"),
    "tile": ("#000000", "#FFFFFF"),
    "selected": ("#FFE500", "#000000"),
    "overlay": ("#000000", "#FFFFFF"),
    "leave": ("#FFFFFF", "#000000"),
}
PALETTES = MappingProxyType({"normal": MappingProxyType(_NORMAL),
                             "high": MappingProxyType(_HIGH)})
MIN_CONTRAST = 7.0


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (red, green, blue, alpha)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: tuple[float, ...] | str) -> float:
    red, green, blue = (rgba(colour) if isinstance(colour, str) else colour)[:3]
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast(first: tuple[float, ...] | str, second: tuple[float, ...] | str) -> float:
    """WCAG 2 contrast ratio between two colours, from 1.0 to 21.0."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)

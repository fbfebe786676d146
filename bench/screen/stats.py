"""The few statistics the report gives: median, 95th percentile, min–max, ratio."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``fraction`` of the values
    at or below it (p95 of 200 values is the 190th smallest)."""
    if not values:
        raise ValueError("aucune valeur")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction hors de ]0, 1] : {fraction}")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass(frozen=True)
class Summary:
    count: int
    median: float
    p95: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Summary:
        if not values:
            raise ValueError("aucune valeur")
        return cls(len(values), statistics.median(values), percentile(values, 0.95),
                   min(values), max(values))


def ratio(kiosk: float, chromium: float) -> float:
    """kiosk / Chromium (below 1: the kiosk is faster or smaller)."""
    if chromium <= 0:
        raise ValueError("la valeur de Chromium doit être positive")
    return kiosk / chromium

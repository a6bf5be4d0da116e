"""Plain JSON values from numpy and float results: NaN and infinities become ``None``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def number(value: Any, digits: int | None = 6) -> float | int | None:
    """A JSON number (rounded to ``digits``), or ``None`` for NaN, infinities and ``None``."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    value = float(value)
    if not math.isfinite(value):
        return None
    return round(value, digits) if digits is not None else value

"""``regex()`` without catastrophic backtracking.

Python's ``re`` backtracks: ``(a+)+b`` or even ``a*a*a*b`` can run for minutes on a few
hundred characters, and no static rule catches every such pattern. So patterns run on RE2
(``google-re2``), whose matching time is linear in the input by construction — a bound that
is deterministic, unlike a timeout. RE2 has no back-references nor look-arounds; XLSForm
regexes (XML Schema flavour) have none either, so such a pattern is refused with a clear code.
Patterns are limited to 500 characters and compiled once (cached).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from surveys.errors import ExpressionError

MAX_PATTERN_LENGTH = 500
_UNSUPPORTED = re.compile(r"\\[1-9]|\(\?[=!<]|\(\?P[=<]|\\k<")


@functools.cache
def _re2() -> tuple[Any, Any]:
    """The RE2 module and its options, imported on first use of ``regex()``."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern on stderr
    options.max_mem = 8 << 20
    return re2, options


@functools.lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> Any:
    """A linear-time matcher for ``pattern``, or :class:`ExpressionError`."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ExpressionError(
            "unsafe_regex", f"expression régulière trop longue (maximum {MAX_PATTERN_LENGTH})"
        )
    if _UNSUPPORTED.search(pattern):
        raise ExpressionError(
            "unsafe_regex",
            "expression régulière refusée : références arrière et assertions avant/arrière "
            "ne sont pas acceptées",
        )
    re2, options = _re2()
    try:
        return re2.compile(pattern, options=options)
    except re2.error:
        raise ExpressionError(
            "invalid_regex", f"expression régulière incorrecte : « {pattern[:60]} »"
        ) from None


def matches(text: str, pattern: str) -> bool:
    """ODK ``regex(text, pattern)``: whether the pattern occurs in ``text`` (search)."""
    return compile_pattern(pattern).search(text) is not None

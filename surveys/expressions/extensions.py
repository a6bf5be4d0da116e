"""ODK's own functions beyond XPath: checklists, digests, base64, tokens.

Each takes the context first, then its evaluated arguments, like those of ``functions``.
"""

from __future__ import annotations

import base64
import hashlib
import math
import secrets
import string
import uuid as uuid_module
from collections.abc import Sequence

from surveys.errors import ExpressionError
from surveys.expressions.context import EvaluationContext
from surveys.expressions.values import NodeSet, Value, to_boolean, to_number, to_string


def checklist(context: EvaluationContext, low: Value, high: Value, *values: Value) -> Value:
    """Whether the number of true answers is between ``low`` and ``high`` (-1: no bound)."""
    return _within(low, high, sum(1.0 for item in _flat(values) if to_boolean(item)))


def weighted_checklist(context: EvaluationContext, low: Value, high: Value, *values: Value):
    """Like checklist(), each answer weighted by the argument after it."""
    pairs: list[tuple[Value, Value]]
    if len(values) == 2 and isinstance(values[0], NodeSet) and isinstance(values[1], NodeSet):
        pairs = list(zip(values[0], values[1], strict=False))
    else:
        pairs = list(zip(values[0::2], values[1::2], strict=True))
    total = sum(to_number(weight) for item, weight in pairs if to_boolean(item))
    return _within(low, high, total)


def _flat(values: Sequence[Value]) -> list[Value]:
    out: list[Value] = []
    for value in values:
        out.extend(value if isinstance(value, NodeSet) else (value,))
    return out


def _within(low: Value, high: Value, count: float) -> bool:
    minimum, maximum = to_number(low), to_number(high)
    return (minimum == -1 or count >= minimum) and (maximum == -1 or count <= maximum)


def count_non_empty(context: EvaluationContext, value: Value) -> Value:
    items = value if isinstance(value, NodeSet) else (to_string(value),)
    return float(sum(1 for item in items if item != ""))


DIGESTS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
           "SHA-512": "sha512"}  # fmt: skip


def digest(context: EvaluationContext, text: Value, algorithm: Value, *encoding: Value):
    """``digest(text, 'SHA-256'[, 'hex'|'base64'])`` of the UTF-8 bytes of ``text``."""
    name, form = to_string(algorithm), to_string(encoding[0]) if encoding else "base64"
    if name not in DIGESTS or form not in ("hex", "base64"):
        raise ExpressionError(
            "invalid_argument",
            f"digest() : algorithme « {name[:20]} » ou encodage « {form[:20]} » inconnu "
            "(MD5, SHA-1, SHA-256, SHA-384, SHA-512 ; hex ou base64)",
        )
    digest = hashlib.new(DIGESTS[name], _utf8(to_string(text))).digest()
    return digest.hex() if form == "hex" else base64.b64encode(digest).decode("ascii")


def _utf8(text: str) -> bytes:
    """UTF-8 bytes, a lone surrogate as U+FFFD (what the browser's TextEncoder does)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def base64_decode(context: EvaluationContext, value: Value) -> Value:
    """The UTF-8 text encoded in base64, or ``""`` when it is not."""
    try:
        return base64.b64decode(to_string(value), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return ""


MAX_TOKEN = 1000
_TOKEN_CHARS = string.ascii_letters + string.digits


def uuid(context: EvaluationContext, *length: Value) -> Value:
    """A random UUID (version 4), or a random token of ``length`` letters and digits."""
    if not length:
        return str(uuid_module.uuid4())
    number = to_number(length[0])
    size = int(number) if math.isfinite(number) else -1
    if not 0 <= size <= MAX_TOKEN:
        raise ExpressionError("invalid_argument", f"uuid() : longueur entre 0 et {MAX_TOKEN}")
    return "".join(secrets.choice(_TOKEN_CHARS) for _ in range(size))

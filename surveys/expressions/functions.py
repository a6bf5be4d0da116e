"""The function library of XLSForm expressions: a registry of names, arities and implementations.

Every implementation takes the context first, then its evaluated arguments, and returns an
XPath value. ``if()`` is the one lazy function: only the branch it picks is evaluated.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from surveys.errors import ExpressionError
from surveys.expressions import dates, extensions, geo, safe_regex
from surveys.expressions.context import EvaluationContext
from surveys.expressions.values import NodeSet, Value, to_boolean, to_number, to_string

MAX_STRING_RESULT = 65_536
"""Characters in any text an expression builds (``concat``, ``join``…)."""

Evaluator = Callable[[EvaluationContext], Value]


@dataclasses.dataclass(frozen=True)
class FunctionSpec:
    """One function: how many arguments it takes and what it does."""

    name: str
    minimum: int
    maximum: int | None
    implementation: Callable[..., Value]
    lazy: bool = False
    by_name: bool = False
    pairs: bool = False
    """Arguments come in pairs (``weighted-checklist``)."""

    def bind(self, arguments: Sequence[Evaluator]) -> Evaluator:
        """An evaluator calling this function on the given argument evaluators."""
        call = self.implementation
        if self.lazy:
            return lambda context: call(context, *arguments)
        if len(arguments) == 0:
            return lambda context: call(context)
        if len(arguments) == 1:
            (first,) = arguments
            return lambda context: call(context, first(context))
        if len(arguments) == 2:
            first, second = arguments
            return lambda context: call(context, first(context), second(context))
        return lambda context: call(context, *[argument(context) for argument in arguments])

    def bind_names(self, names: Sequence[str], arguments: Sequence[Evaluator]) -> Evaluator:
        """Like :meth:`bind`, giving the implementation the referenced names too."""
        call = self.implementation
        return lambda context: call(context, names, [a(context) for a in arguments])


UNSUPPORTED = {
    "pulldata": "elle lit un fichier joint au formulaire (CSV), pas encore pris en charge",
    "instance": "elle lit une liste de choix ou un fichier joint par un chemin XPath, pas encore "
    "pris en charge : utilisez choice_filter ou jr:choice-name()",
    "current": "elle ne sert que dans les chemins instance(…), pas encore pris en charge",
    "randomize": "l’ordre aléatoire des choix se règle par le paramètre randomize=true",
    "jr:itext": "les traductions sont lues depuis les colonnes label::langue",
    "version": "la version du formulaire n’est pas disponible dans les expressions",
    "property": "les propriétés de l’appareil ne sont pas disponibles",
}
"""ODK functions Veilleurs cannot evaluate, and why: a form using them is refused at import."""


def lookup(name: str, count: int) -> FunctionSpec:
    """The function called ``name``, checked for ``count`` arguments."""
    spec = REGISTRY.get(name)
    if spec is None and name in UNSUPPORTED:
        raise ExpressionError(
            "unsupported_function", f"la fonction {name}() n’est pas prise en charge : "
            f"{UNSUPPORTED[name]}"
        )  # fmt: skip
    if spec is None:
        raise ExpressionError("unknown_function", f"fonction inconnue : {name}()")
    if count < spec.minimum or (spec.maximum is not None and count > spec.maximum):
        expected = (
            str(spec.minimum)
            if spec.minimum == spec.maximum
            else f"{spec.minimum} à {spec.maximum}"
            if spec.maximum is not None
            else f"au moins {spec.minimum}"
        )
        raise ExpressionError(
            "wrong_argument_count",
            f"{name}() attend {expected} argument(s), {count} donné(s)",
        )
    if spec.pairs and count % 2:
        raise ExpressionError(
            "wrong_argument_count",
            f"{name}() attend un nombre pair d’arguments, {count} donné(s)",
        )
    return spec


def _text_result(text: str) -> str:
    if len(text) > MAX_STRING_RESULT:
        raise ExpressionError(
            "result_too_long", f"texte calculé trop long (maximum {MAX_STRING_RESULT} caractères)"
        )
    return text


def _whole(number: float) -> int | None:
    """``number`` truncated to an int, or None when it is NaN or infinite."""
    return None if math.isnan(number) or math.isinf(number) else int(number)


def _items(values: Sequence[Value]) -> list[str]:
    """Every string value, node-sets expanded."""
    out: list[str] = []
    for value in values:
        out.extend(value if isinstance(value, NodeSet) else (to_string(value),))
    return out


def _numbers(values: Sequence[Value]) -> list[float]:
    out: list[float] = []
    for value in values:
        if isinstance(value, NodeSet):
            out.extend(to_number(item) for item in value)
        else:
            out.append(to_number(value))
    return out


# --- selects -----------------------------------------------------------------------------


def selected(context: EvaluationContext, answer: Value, choice: Value) -> Value:
    return to_string(choice).strip() in to_string(answer).split()


def count_selected(context: EvaluationContext, answer: Value) -> Value:
    return float(len(to_string(answer).split()))


def selected_at(context: EvaluationContext, answer: Value, index: Value) -> Value:
    tokens = to_string(answer).split()
    position = _whole(to_number(index))
    if position is None or not 0 <= position < len(tokens):
        return ""
    return tokens[position]


def choice_name(context: EvaluationContext, value: Value, question: Value) -> Value:
    path = to_string(question).strip()
    name = path[2:-1].strip() if path.startswith("${") else path.rsplit("/", 1)[-1]
    choice = to_string(value)
    if context.choice_label is None or not choice:
        return ""
    return context.choice_label(name, choice)


# --- text --------------------------------------------------------------------------------


def concat(context: EvaluationContext, *values: Value) -> Value:
    return _text_result("".join(_items(values)))


def join(context: EvaluationContext, separator: Value, *values: Value) -> Value:
    return _text_result(to_string(separator).join(_items(values)))


def _slice_index(number: float, length: int) -> int:
    """JavaScript's ``slice()`` reading of an index: NaN is 0, negatives count from the end."""
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return length if number > 0 else 0
    index = math.trunc(number)
    return max(0, length + index) if index < 0 else min(index, length)


def substr(context: EvaluationContext, text: Value, start: Value, *end: Value) -> Value:
    """ODK ``substr(s, start[, end])``: 0-based, ``end`` excluded, negatives from the end."""
    chars = to_string(text)
    first = _slice_index(to_number(start), len(chars))
    last = _slice_index(to_number(end[0]), len(chars)) if end else len(chars)
    return chars[first:last]


def substring(context: EvaluationContext, text: Value, start: Value, *length: Value) -> Value:
    """XPath ``substring(s, start[, length])``: 1-based positions, rounded."""
    chars = to_string(text)
    first = _xpath_round(to_number(start))
    stop = first + _xpath_round(to_number(length[0])) if length else math.inf
    if math.isnan(first) or math.isnan(stop):
        return ""
    return "".join(c for i, c in enumerate(chars, 1) if first <= i < stop)


def substring_before(context: EvaluationContext, text: Value, separator: Value) -> Value:
    haystack, needle = to_string(text), to_string(separator)
    index = haystack.find(needle)
    return haystack[:index] if index > 0 else ""


def substring_after(context: EvaluationContext, text: Value, separator: Value) -> Value:
    haystack, needle = to_string(text), to_string(separator)
    index = haystack.find(needle)
    return haystack[index + len(needle) :] if index >= 0 else ""


XML_SPACE = " \t\r\n"
"""XPath's whitespace for ``normalize-space()``: form feeds and the like are kept."""


def string_length(context: EvaluationContext, *value: Value) -> Value:
    return float(len(to_string(value[0] if value else context.current)))


def normalize_space(context: EvaluationContext, *value: Value) -> Value:
    text = to_string(value[0] if value else context.current)
    words = text.translate({ord(c): " " for c in XML_SPACE}).split(" ")
    return " ".join(word for word in words if word)


def translate(context: EvaluationContext, text: Value, source: Value, target: Value) -> Value:
    source_chars, target_chars = to_string(source), to_string(target)
    table: dict[int, int | None] = {}
    for index, char in enumerate(source_chars):
        if ord(char) not in table:
            table[ord(char)] = ord(target_chars[index]) if index < len(target_chars) else None
    return to_string(text).translate(table)


def coalesce(context: EvaluationContext, first: Value, second: Value) -> Value:
    return first if to_string(first) != "" else second


def if_(context: EvaluationContext, condition: Evaluator, then: Evaluator, other: Evaluator):
    return then(context) if to_boolean(condition(context)) else other(context)


def once(context: EvaluationContext, value: Value) -> Value:
    """``once(x)``: keeps the question's existing value if it has one."""
    return context.current if to_string(context.current) != "" else value


# --- numbers -----------------------------------------------------------------------------


def _xpath_round(number: float) -> float:
    if math.isnan(number) or math.isinf(number):
        return number
    return float(math.floor(number + 0.5))


def round_(context: EvaluationContext, value: Value, digits: Value = 0.0) -> Value:
    """``round(x[, n])``: halves go towards positive infinity, as XPath's and ODK Collect's
    ``round()`` (``round(-2.5)`` is -2); a decimal comma is read (``round('4,6')`` is 5)."""
    if isinstance(value, str):
        value = value.replace(",", ".")
    number, places = to_number(value), to_number(digits)
    if math.isnan(number) or math.isinf(number) or math.isnan(places) or abs(places) > 300:
        return number
    if int(places) == 0:
        return _xpath_round(number)
    try:
        exponent = Decimal(1).scaleb(-int(places))
        mode = ROUND_HALF_UP if number >= 0 else ROUND_HALF_DOWN
        return float(Decimal(repr(number)).quantize(exponent, rounding=mode))
    except InvalidOperation:
        return number


def int_(context: EvaluationContext, value: Value) -> Value:
    number = to_number(value)
    return number if math.isnan(number) or math.isinf(number) else float(math.trunc(number))


def power(context: EvaluationContext, base: Value, exponent: Value) -> Value:
    try:
        return float(math.pow(to_number(base), to_number(exponent)))
    except (OverflowError, ValueError):
        a, b = to_number(base), to_number(exponent)
        return math.inf if abs(a) > 1 and b > 0 else math.nan


def _math(function: Callable[[float], float]) -> Callable[..., Value]:
    def apply(context: EvaluationContext, value: Value) -> Value:
        try:
            return float(function(to_number(value)))
        except (ValueError, OverflowError):
            return math.nan

    return apply


def _logarithm(base_log: Callable[[float], float]) -> Callable[[float], float]:
    """``log(0)`` is -Infinity as in JavaScript and Java, not an error."""
    return lambda x: -math.inf if x == 0 else base_log(x)


def sum_(context: EvaluationContext, *values: Value) -> Value:
    """XPath sum: NaN with any NaN or with both infinities, never an exception."""
    numbers = list(_numbers(values))
    try:
        return float(math.fsum(numbers))
    except (ValueError, OverflowError):  # -inf + inf, or an intermediate overflow
        total = 0.0
        for number in numbers:
            total += number
        return total


def count(context: EvaluationContext, value: Value) -> Value:
    return float(len(value)) if isinstance(value, NodeSet) else 1.0


def _extreme(pick: Callable[[list[float]], float]) -> Callable[..., Value]:
    def apply(context: EvaluationContext, *values: Value) -> Value:
        numbers = _numbers(values)
        if not numbers or any(math.isnan(n) for n in numbers):
            return math.nan
        return pick(numbers)

    return apply


def _constant(value: Value) -> Callable[..., Value]:
    return lambda context: value


def _spec(name: str, low: int, high: int | None, impl: Callable[..., Any], **kw: Any):
    return FunctionSpec(name, low, high, impl, **kw)


def _indexed_repeat(context: EvaluationContext, names: Sequence[str], values: list[Value]):
    """``indexed-repeat(${q}, ${repeat}, n)``: the answer to q in the n-th instance."""
    index = _whole(to_number(values[2]))
    instances = context.instances_of(names[0])
    if index is None or not 1 <= index <= len(instances):
        return ""
    return instances[index - 1]


def _boolean_from_string(context: EvaluationContext, value: Value) -> Value:
    """True for exactly ``"true"`` or ``"1"`` (case matters, as in ODK)."""
    return to_string(value) in {"true", "1"}


REGISTRY: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in [
        _spec("selected", 2, 2, selected),
        _spec("count-selected", 1, 1, count_selected),
        _spec("selected-at", 2, 2, selected_at),
        _spec("jr:choice-name", 2, 2, choice_name),
        _spec("concat", 0, None, concat),
        _spec("join", 1, None, join),
        _spec("substr", 2, 3, substr),
        _spec("substring", 2, 3, substring),
        _spec("substring-before", 2, 2, substring_before),
        _spec("substring-after", 2, 2, substring_after),
        _spec("string-length", 0, 1, string_length),
        _spec("normalize-space", 0, 1, normalize_space),
        _spec("contains", 2, 2, lambda c, a, b: to_string(b) in to_string(a)),
        _spec("starts-with", 2, 2, lambda c, a, b: to_string(a).startswith(to_string(b))),
        _spec("ends-with", 2, 2, lambda c, a, b: to_string(a).endswith(to_string(b))),
        _spec("translate", 3, 3, translate),
        _spec("regex", 2, 2, lambda c, a, b: safe_regex.matches(to_string(a), to_string(b))),
        _spec("if", 3, 3, if_, lazy=True),
        _spec("coalesce", 2, 2, coalesce),
        _spec("once", 1, 1, once),
        _spec("string", 0, 1, lambda c, *v: to_string(v[0] if v else c.current)),
        _spec("number", 0, 1, lambda c, *v: to_number(v[0] if v else c.current)),
        _spec("boolean", 1, 1, lambda c, v: to_boolean(v)),
        _spec("boolean-from-string", 1, 1, _boolean_from_string),
        _spec("checklist", 2, None, extensions.checklist),
        _spec("weighted-checklist", 2, None, extensions.weighted_checklist, pairs=True),
        _spec("count-non-empty", 1, 1, extensions.count_non_empty),
        _spec("digest", 2, 3, extensions.digest),
        _spec("base64-decode", 1, 1, extensions.base64_decode),
        _spec("random", 0, 0, lambda c: random.random()),
        _spec("area", 1, 1, lambda c, v: geo.area([v])),
        _spec("distance", 1, None, lambda c, *v: geo.distance(v)),
        _spec("not", 1, 1, lambda c, v: not to_boolean(v)),
        _spec("true", 0, 0, _constant(True)),
        _spec("false", 0, 0, _constant(False)),
        _spec("int", 1, 1, int_),
        _spec("round", 1, 2, round_),
        _spec("floor", 1, 1, _math(math.floor)),
        _spec("ceiling", 1, 1, _math(math.ceil)),
        _spec("abs", 1, 1, _math(abs)),
        _spec("sqrt", 1, 1, _math(math.sqrt)),
        _spec("exp", 1, 1, _math(math.exp)),
        _spec("log", 1, 1, _math(_logarithm(math.log))),
        _spec("log10", 1, 1, _math(_logarithm(math.log10))),
        _spec("pow", 2, 2, power),
        _spec("sin", 1, 1, _math(math.sin)),
        _spec("cos", 1, 1, _math(math.cos)),
        _spec("tan", 1, 1, _math(math.tan)),
        _spec("asin", 1, 1, _math(math.asin)),
        _spec("acos", 1, 1, _math(math.acos)),
        _spec("atan", 1, 1, _math(math.atan)),
        _spec("atan2", 2, 2, lambda c, y, x: math.atan2(to_number(y), to_number(x))),
        _spec("exp10", 1, 1, lambda c, v: power(c, 10.0, v)),
        _spec("pi", 0, 0, _constant(math.pi)),
        _spec("sum", 1, None, sum_),
        _spec("count", 1, 1, count),
        _spec("max", 1, None, _extreme(max)),
        _spec("min", 1, None, _extreme(min)),
        _spec("position", 0, 1, lambda c, *v: float(c.position)),
        _spec("indexed-repeat", 3, 7, _indexed_repeat, by_name=True),
        _spec("uuid", 0, 1, extensions.uuid),
        _spec("today", 0, 0, dates.today),
        _spec("now", 0, 0, dates.now),
        _spec("date", 1, 1, dates.date),
        _spec("date-time", 1, 1, dates.date),
        _spec("decimal-date-time", 1, 1, dates.decimal_date_time),
        _spec("decimal-time", 1, 1, dates.decimal_time),
        _spec("format-date", 2, 2, dates.format_date),
        _spec("format-date-time", 2, 2, dates.format_date),
    ]
}

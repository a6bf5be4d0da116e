"""The XLSForm expression language: parsed by a grammar (lark), interpreted, never ``eval``.

>>> from surveys.expressions import evaluate, EvaluationContext
>>> evaluate("${age} >= 18 and selected(${langues}, 'fr')",
...          EvaluationContext({"age": "34", "langues": "fr ar"}))
True
>>> evaluate("concat(${prenom}, ' a ', ${age} + 1, ' ans')",
...          EvaluationContext({"prenom": "Awa", "age": "34"}))
'Awa a 35 ans'
"""

from surveys.errors import ExpressionError
from surveys.expressions.compiler import Expression, compile_expression, evaluate
from surveys.expressions.context import Clock, EvaluationContext, system_clock
from surveys.expressions.values import NodeSet, Value, to_boolean, to_number, to_string

ERROR_CODES = (
    "syntax_error",
    "unknown_function",
    "unsupported_function",
    "wrong_argument_count",
    "expression_too_long",
    "nesting_too_deep",
    "literal_too_long",
    "result_too_long",
    "unsafe_regex",
    "invalid_regex",
    "invalid_argument",
)
"""Every ``ExpressionError.code`` (the ``error`` values of the shared test vectors)."""

__all__ = [
    "ERROR_CODES",
    "Clock",
    "EvaluationContext",
    "Expression",
    "ExpressionError",
    "NodeSet",
    "Value",
    "compile_expression",
    "evaluate",
    "system_clock",
    "to_boolean",
    "to_number",
    "to_string",
]

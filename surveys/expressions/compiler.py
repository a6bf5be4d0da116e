"""Turns a parsed expression into a tree of small closures, evaluated without ``eval``.

Compiling once and evaluating many times is what makes response validation fast: each
survey compiles its expressions once, and :func:`compile_expression` caches by text.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable

from lark import Token, Tree

from surveys.errors import ExpressionError
from surveys.expressions import functions
from surveys.expressions.context import EvaluationContext
from surveys.expressions.grammar import parse
from surveys.expressions.values import (
    ZONE,
    NodeSet,
    Value,
    to_boolean,
    to_number,
    to_string,
)
from surveys.expressions.values import compare as compare_values

Evaluator = Callable[[EvaluationContext], Value]


class Expression:
    """A compiled XLSForm expression.

    ``references`` are the question names it reads as ``${name}``; ``paths`` the last steps
    of XPath paths (``../name``, or a choice column in a ``choice_filter``).
    """

    __slots__ = ("_evaluate", "paths", "references", "text")

    def __init__(
        self, text: str, evaluate: Evaluator, references: frozenset[str], paths: frozenset[str]
    ) -> None:
        self.text = text
        self._evaluate = evaluate
        self.references = references
        self.paths = paths

    def evaluate(self, context: EvaluationContext | None = None) -> Value:
        """The value of the expression; raises :class:`ExpressionError` when it cannot run."""
        context = context if context is not None else EvaluationContext()
        token = ZONE.set(context.zone)  # not a context manager: this is the hot path
        try:
            return self._evaluate(context)
        finally:
            ZONE.reset(token)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


@functools.lru_cache(maxsize=8192)
def compile_expression(text: str) -> Expression:
    """Parse and compile ``text``; raises :class:`ExpressionError` for any problem."""
    references: set[str] = set()
    paths: set[str] = set()
    evaluate = _Compiler(references, paths).build(parse(text))
    return Expression(text, evaluate, frozenset(references), frozenset(paths))


def evaluate(text: str, context: EvaluationContext | None = None) -> Value:
    """Compile (cached) and evaluate ``text`` in one call."""
    return compile_expression(text).evaluate(context)


def reference_name(token: str) -> str:
    """``${ name }`` → ``name``."""
    return token[2:-1].strip()


class _Compiler:
    def __init__(self, references: set[str], paths: set[str]) -> None:
        self.references = references
        self.paths = paths

    def build(self, node: Tree[Token] | Token) -> Evaluator:
        if isinstance(node, Token):
            raise ExpressionError("syntax_error", "expression illisible")
        method = getattr(self, f"_{node.data}")
        return method(node.children)

    def _atom(self, children: list[Token]) -> Evaluator:
        return self.build(Tree(children[0].type.lower(), [children[0]]))

    def _number(self, children: list[Token]) -> Evaluator:
        number = float(children[0])
        return lambda context: number

    def _string(self, children: list[Token]) -> Evaluator:
        text = str(children[0])[1:-1]
        return lambda context: text

    def _reference(self, children: list[Token]) -> Evaluator:
        name = reference_name(children[0])
        self.references.add(name)
        return lambda context: context.value_of(name)

    def _path(self, children: list[Token]) -> Evaluator:
        path = str(children[0])
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if last == ".":
            return lambda context: context.current
        if last == "..":
            return lambda context: ""
        self.paths.add(last)  # ODK paths end with the question's (or choice column's) name
        return lambda context: context.value_at(last)

    def _spine(self, node_children: list[Tree[Token] | Token], kind: str):
        """A left-deep chain ``((a op b) op c) …`` as ``a`` and ``[(op, b), (op, c)…]``."""
        operations: list[tuple[str, Evaluator]] = []
        children = node_children
        while True:
            if len(children) == 3:
                symbol, operand = str(children[1]), children[2]
            else:
                symbol, operand = kind, children[1]
            operations.append((symbol, self.build(operand)))
            head = children[0]
            if not (isinstance(head, Tree) and head.data == kind):
                break
            children = head.children
        operations.reverse()
        return self.build(head), operations

    def _or_(self, children: list[Tree[Token] | Token]) -> Evaluator:
        first, rest = self._spine(children, "or_")
        operands = [first] + [operand for _, operand in rest]
        return lambda context: any(to_boolean(operand(context)) for operand in operands)

    def _and_(self, children: list[Tree[Token] | Token]) -> Evaluator:
        first, rest = self._spine(children, "and_")
        operands = [first] + [operand for _, operand in rest]
        return lambda context: all(to_boolean(operand(context)) for operand in operands)

    def _compare(self, children: list[Tree[Token] | Token]) -> Evaluator:
        first, rest = self._spine(children, "compare")
        if len(rest) == 1:
            ((symbol, right),) = rest
            if symbol in _RELATIONAL:
                return _relational(_RELATIONAL[symbol], symbol, first, right)
            return lambda context: compare_values(symbol, first(context), right(context))

        def chain(context: EvaluationContext) -> Value:
            value = first(context)
            for symbol, operand in rest:
                value = compare_values(symbol, value, operand(context))
            return value

        return chain

    def _arithmetic(self, children: list[Tree[Token] | Token]) -> Evaluator:
        first, rest = self._spine(children, "arithmetic")
        steps = [(_ARITHMETIC[symbol], operand) for symbol, operand in rest]
        if len(steps) == 1:
            ((operation, right),) = steps
            return lambda context: operation(to_number(first(context)), to_number(right(context)))

        def chain(context: EvaluationContext) -> Value:
            value = to_number(first(context))
            for operation, operand in steps:
                value = operation(value, to_number(operand(context)))
            return value

        return chain

    def _negate(self, children: list[Tree[Token]]) -> Evaluator:
        operand = self.build(children[0])
        return lambda context: -to_number(operand(context))

    def _union(self, children: list[Tree[Token] | Token]) -> Evaluator:
        first, rest = self._spine(children, "union")
        operands = [first] + [operand for _, operand in rest]

        def union(context: EvaluationContext) -> Value:
            nodes: list[str] = []
            for operand in operands:
                nodes.extend(_as_nodes(operand(context)))
            return NodeSet(nodes)

        return union

    def _call(self, children: list[Tree[Token] | Token]) -> Evaluator:
        name = str(children[0])[:-1].strip()
        arguments = [child for child in children[1:] if child is not None]
        spec = functions.lookup(name, len(arguments))
        if spec.by_name:  # indexed-repeat(): needs the name of its first argument
            argument_names = [_name_of(argument) for argument in arguments]
            self.references.update(n for n in argument_names if n)
            compiled = [self.build(argument) for argument in arguments]
            return spec.bind_names(argument_names, compiled)
        return spec.bind([self.build(argument) for argument in arguments])


_RELATIONAL: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _relational(
    operation: Callable[[float, float], bool], symbol: str, left: Evaluator, right: Evaluator
) -> Evaluator:
    """``<``, ``<=``, ``>``, ``>=`` compare numbers, unless a side is a node-set (hot path)."""

    def relational(context: EvaluationContext) -> Value:
        a, b = left(context), right(context)
        if type(a) is NodeSet or type(b) is NodeSet:
            return compare_values(symbol, a, b)
        return operation(to_number(a), to_number(b))

    return relational


def _name_of(node: Tree[Token] | Token) -> str:
    if isinstance(node, Tree) and node.data in {"reference", "path"}:
        token = str(node.children[0])
        return reference_name(token) if node.data == "reference" else token.rsplit("/", 1)[-1]
    return ""


def _as_nodes(value: Value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, NodeSet) else (to_string(value),)


def _divide(left: float, right: float) -> float:
    if right == 0:
        if left == 0 or math.isnan(left):
            return math.nan
        return math.copysign(math.inf, left) * math.copysign(1, right)
    return left / right


def _modulo(left: float, right: float) -> float:
    try:
        return math.fmod(left, right)
    except ValueError:  # x mod 0, infinity mod x
        return math.nan


_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "div": _divide,
    "mod": _modulo,
}

"""The grammar of XLSForm expressions (an XPath 1.0 subset plus ``${name}``), and its limits.

Parsing is bounded before anything else runs: the text length, the size of each literal and
the nesting depth are checked, so a hostile expression fails fast with a clear code.
"""

from __future__ import annotations

import functools

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

from surveys.errors import ExpressionError

MAX_EXPRESSION_LENGTH = 4000
"""Characters in one expression."""
MAX_LITERAL_LENGTH = 1000
"""Characters in one string literal (digits in one number literal: 40)."""
MAX_NUMBER_DIGITS = 40
MAX_DEPTH = 40
"""Nesting of parentheses, function calls and operators."""

GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr | or_expr "or" and_expr -> or_
?and_expr: eq_expr | and_expr "and" eq_expr -> and_
?eq_expr: rel_expr | eq_expr EQ_OP rel_expr -> compare
?rel_expr: add_expr | rel_expr REL_OP add_expr -> compare
?add_expr: mul_expr | add_expr ADD_OP mul_expr -> arithmetic
?mul_expr: unary_expr | mul_expr MUL_OP unary_expr -> arithmetic
?unary_expr: union_expr | "-" unary_expr -> negate
?union_expr: primary | union_expr "|" primary -> union
?primary: NUMBER -> number
        | STRING -> string
        | REF -> reference
        | PATH -> path
        | FUNCTION_OPEN [or_expr ("," or_expr)*] ")" -> call
        | "(" or_expr ")"

EQ_OP: "!=" | "="
REL_OP: "<=" | ">=" | "<" | ">"
ADD_OP: "+" | "-"
MUL_OP: "*" | "div" | "mod"
NUMBER.3: /\d+(\.\d*)?|\.\d+/
STRING: /'[^']*'|"[^"]*"/
REF: /\$\{\s*[A-Za-z_][\w.\-]*\s*\}/
_NAME: /[A-Za-z_][\w.\-]*(:[A-Za-z_][\w.\-]*)?/
FUNCTION_OPEN.2: /[A-Za-z_][\w.\-]*(:[A-Za-z_][\w.\-]*)?\s*\(/
PATH: /\/?(\.\.|\.|[A-Za-z_][\w.\-]*)(\/(\.\.|\.|[A-Za-z_][\w.\-]*))*/

%import common.WS
%ignore WS
"""

_PARSER = Lark(GRAMMAR, parser="lalr", maybe_placeholders=False)


def _check_size(text: str) -> None:
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(
            "expression_too_long",
            f"expression trop longue ({len(text)} caractères, maximum {MAX_EXPRESSION_LENGTH})",
        )
    depth = deepest = 0
    quote = ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise _too_deep()


def _too_deep() -> ExpressionError:
    return ExpressionError(
        "nesting_too_deep", f"expression trop imbriquée (profondeur maximale {MAX_DEPTH})"
    )


CHAINS = frozenset({"or_", "and_", "compare", "arithmetic", "union"})
"""Operators whose left-deep chains (``a + b + c + …``) are a list, not nesting."""


def _check_tree(tree: Tree[Token]) -> None:
    """Bound the nesting of the tree and the size of its literals, without recursion.

    A chain of one operator (a score summing sixty questions) is flat, not nested: only a
    change of construct (parentheses, a call, another operator) counts as one more level.
    """
    stack: list[tuple[Tree[Token] | Token, int, str]] = [(tree, 1, "")]
    while stack:
        node, depth, parent = stack.pop()
        if isinstance(node, Tree):
            if not (node.data == parent and node.data in CHAINS):
                depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep()
            stack.extend((child, depth, node.data) for child in node.children)
        elif node.type == "STRING" and len(node) - 2 > MAX_LITERAL_LENGTH:
            raise ExpressionError(
                "literal_too_long",
                f"texte littéral trop long (maximum {MAX_LITERAL_LENGTH} caractères)",
            )
        elif node.type == "NUMBER" and len(node) > MAX_NUMBER_DIGITS:
            raise ExpressionError(
                "literal_too_long", f"nombre littéral trop long (maximum {MAX_NUMBER_DIGITS})"
            )


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Tree[Token]:
    """The syntax tree of ``text``; raises :class:`ExpressionError` (``syntax_error``…)."""
    _check_size(text)
    if not text.strip():
        raise ExpressionError("syntax_error", "expression vide")
    try:
        tree = _PARSER.parse(text)
    except UnexpectedInput as exc:
        raise ExpressionError("syntax_error", _syntax_message(text, exc)) from None
    except LarkError:
        raise ExpressionError("syntax_error", "expression illisible") from None
    if isinstance(tree, Token):  # a lone literal or reference
        tree = Tree("atom", [tree])
    _check_tree(tree)
    return tree


def _syntax_message(text: str, exc: UnexpectedInput) -> str:
    position = getattr(exc, "pos_in_stream", None)
    if isinstance(exc, UnexpectedCharacters) or position is not None:
        column = (position or 0) + 1
        near = text[position : position + 12] if position is not None else ""
        if near:
            return f"syntaxe incorrecte près de « {near} » (caractère {column})"
    return "syntaxe incorrecte : l’expression est incomplète"

"""The app's expression evaluator, loaded in Chromium as the app loads it, against the server's.

Every case of tests/data/expression_vectors.json runs in the page (the file the Python tests
run); then a few thousand generated expressions and regular expressions are evaluated by both
interpreters, which must agree on the value, its type, or the error code.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import pathlib
import random

import pytest

from surveys.errors import ExpressionError
from surveys.expressions import EvaluationContext, NodeSet, evaluate, to_string
from tests.conftest import DATA

pytestmark = pytest.mark.browser

VECTORS = json.loads((DATA / "expression_vectors.json").read_text(encoding="utf-8"))["cases"]

RUN_VECTORS = """async ([url, cases]) => {
  const m = await import(url);
  const failures = [];
  const offset = (text) => (text[0] === "-" ? -1 : 1) * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
  for (const c of cases) {
    const labels = c.choice_labels || {};
    const context = new m.Context(c.answers, {
      current: c.context ?? "", position: c.position ?? 1,
      now: c.now ? m.fixedClock(c.now) : null,
      choiceLabel: (q, choice) => labels[q]?.[choice] ?? "",
      // The device's zone: the case's, else now()'s offset, else UTC (not the browser's own).
      zone: c.timezone ? offset(c.timezone) : c.now ? null : 0,
      language: c.language ?? null,
    });
    let result, error;
    const started = performance.now();
    try { result = m.evaluate(c.expression, context); } catch (e) { error = e; }
    const took = performance.now() - started;
    const shown = c.expression.length > 60 ? c.expression.slice(0, 57) + "…" : c.expression;
    if (took > 500) failures.push([shown, "too slow", took]);
    if ("error" in c) {
      if (!error || error.code !== c.error) failures.push([shown, c.error, error ? error.code || String(error) : m.toString(result)]);
    } else if (error) {
      failures.push([shown, c.expected, "error: " + (error.code || error.stack)]);
    } else {
      const e = c.expected;
      const ok = typeof e === "boolean" ? result === e
        : typeof e === "number" ? typeof result === "number" && Math.abs(result - e) <= (c.tolerance || 0)
        : m.toString(result) === e;
      if (!ok) failures.push([shown, e, typeof result === "object" ? m.toString(result) : result]);
    }
  }
  return failures;
}"""


def evaluator_url(server) -> str:
    assets = pathlib.Path(server.app.config["PWA_DIST"]) / "assets"
    (module,) = assets.glob("engine-*.js")
    return f"/assets/{module.name}"


def test_every_shared_vector_passes_in_the_page(server, page):
    page.goto("/")
    failures = page.evaluate(RUN_VECTORS, [evaluator_url(server), VECTORS])
    assert failures == [], json.dumps(failures, ensure_ascii=False, indent=1)
    assert len(VECTORS) >= 150


# --- both interpreters on generated expressions ------------------------------------------

ANSWERS = {
    "a": "5", "b": "a c", "d": "2024-03-05", "r": ["1", "x", "3"], "n": "",
    "e": "2024-03-05T08:07:09.123+01:00", "t": "", "p": "",
}  # fmt: skip
NOW = "2026-11-20T18:30:00+01:00"
ATOMS = [
    "1", "0", "2.5", "-3", "'abc'", "''", "'2024-01-02'", "'2024-02-29T10:30:00+02:00'", "' 12 '",
    "'a b c'", "${a}", "${b}", "${d}", "${r}", "${n}", "${e}", ".", "..", "../a", "/data/a", "a",
    "true()", "false()", "today()", "'1e3'", "'٣'", "1 div 0", "0 div 0", "'NaN'", "'-0'", "0.1",
    "1000000000000000000000", "'Élodie 🏠'", "'10:30'", "12.50", "'0.5'", ".5", "5.", "or", "div",
    "'2024-03-05T10:30:00'", "'10:30:00-05:00'", "'43.6 1.44;43.61 1.45;43.6 1.45'", "'MD5'",
    "'SHA-256'", "'hex'", "'w6l0w6k='", "-1", "'1,5'", "-2.5",
]  # fmt: skip
FUNCTIONS = [
    "selected", "count-selected", "selected-at", "concat", "join", "substr", "substring",
    "string-length", "normalize-space", "contains", "starts-with", "ends-with", "translate", "if",
    "coalesce", "once", "string", "number", "boolean", "boolean-from-string", "not", "int", "round",
    "floor", "ceiling", "abs", "sqrt", "pow", "exp10", "sum", "count", "max", "min", "date",
    "date-time", "decimal-date-time", "decimal-time", "format-date", "format-date-time",
    "position", "indexed-repeat", "jr:choice-name", "today", "pi", "inconnue",
    "substring-before", "substring-after", "checklist", "weighted-checklist", "count-non-empty",
    "digest", "base64-decode", "area", "distance", "pulldata",
]  # fmt: skip
OPERATORS = ["+", "-", "*", "div", "mod", "=", "!=", "<", "<=", ">", ">=", "and", "or", "|"]
PATTERN_PIECES = [
    "a", "b", "é", "É", "0", " ", ".", "*", "+", "?", "*?", "{2}", "{1,3}", "{2,}", "{,2}", "{",
    "(", ")", "(?:", "(?i)", "(?s)", "(?m)", "|", "^", "$", "[", "]", "[^", "-", "a-z", "\\d",
    "\\w", "\\s", "\\W", "\\b", "\\B", "\\A", "\\z", "\\.", "\\pL", "\\p{Lu}", "[[:digit:]]",
    "\\x41", "\\Q", "\\E", "\\y", "\\1", "(?=", "K", "ß", "ẞ", "\n", "🏠",
]  # fmt: skip
TEXTS = ["", "a", "abc", "AbC", "É élodie", "12 34", "a\nb", "0612345678", "x_y-z", "🏠 maison"]


def generated_expression(rnd: random.Random, depth: int = 0) -> str:
    draw = rnd.random()
    if depth > 3 or draw < 0.3:
        return rnd.choice(ATOMS)
    if draw < 0.55:
        left, right = generated_expression(rnd, depth + 1), generated_expression(rnd, depth + 1)
        return f"{left} {rnd.choice(OPERATORS)} {right}"
    if draw < 0.62:
        return f"-{generated_expression(rnd, depth + 1)}"
    name = rnd.choice(FUNCTIONS)
    if name.startswith("format-date"):
        pattern = rnd.choice(["'%Y-%m-%d %H:%M:%S.%3 %a %b %e %n %y %h'", "'%q%%'", "'%'"])
        return f"{name}({generated_expression(rnd, depth + 1)}, {pattern})"
    arguments = [generated_expression(rnd, depth + 1) for _ in range(rnd.choice([0, 1, 2, 2, 3]))]
    return f"{name}({', '.join(arguments)})"


def python_outcome(expression: str, answers: dict) -> dict:
    now = dt.datetime.fromisoformat(NOW)
    context = EvaluationContext(
        answers, current="7", clock=lambda: now, position=2,
        choice_label=lambda q, c: {"b": {"a": "Alpha"}}.get(q, {}).get(c, ""),
    )  # fmt: skip
    try:
        value = evaluate(expression, context)
    except ExpressionError as error:
        return {"error": error.code}
    if isinstance(value, NodeSet):
        return {"kind": "nodeset", "value": list(value)}
    kinds = {bool: "boolean", float: "number", str: "string"}
    return {"kind": kinds.get(type(value), "date"), "value": to_string(value)}


RUN_BOTH = """async ([url, now, cases]) => {
  const m = await import(url);
  const kind = (v) => typeof v === "boolean" ? "boolean" : typeof v === "number" ? "number"
    : typeof v === "string" ? "string" : v instanceof m.NodeSet ? "nodeset" : "date";
  return cases.map(([expression, answers]) => {
    const context = new m.Context(answers, { current: "7", position: 2, now: m.fixedClock(now),
      choiceLabel: (q, c) => ({ b: { a: "Alpha" } })[q]?.[c] ?? "" });
    try {
      const v = m.evaluate(expression, context);
      return { kind: kind(v), value: v instanceof m.NodeSet ? v.items : m.toString(v) };
    } catch (e) {
      return e.code ? { error: e.code } : { crash: String(e.stack) };
    }
  });
}"""


def same(python: dict, page: dict) -> bool:
    if python == page:
        return True
    # Logarithms and trigonometry come from different maths libraries: the last digit may differ.
    if python.get("kind") == page.get("kind") == "number":
        a, b = float(python["value"]), float(page["value"])
        return math.isclose(a, b, rel_tol=1e-14)
    return False


def test_the_page_and_the_server_agree_on_generated_expressions(server, page):
    rnd = random.Random(20261120)
    cases, seen = [], set()
    while len(cases) < 2500:
        expression = generated_expression(rnd)
        if expression not in seen:
            seen.add(expression)
            cases.append([expression, ANSWERS])
    for _ in range(1500):  # regular expressions, each on a few texts
        pattern = "".join(rnd.choice(PATTERN_PIECES) for _ in range(rnd.randint(1, 7)))
        for text in rnd.sample(TEXTS, 3):
            cases.append(["regex(${t}, ${p})", {**ANSWERS, "t": text, "p": pattern}])
    page.goto("/")
    outcomes = page.evaluate(RUN_BOTH, [evaluator_url(server), NOW, cases])
    disagreements = [
        {"expression": expression, "answers": {k: answers[k] for k in "tp"}, "server": expected,
         "page": outcome}
        for (expression, answers), outcome in zip(cases, outcomes, strict=True)
        if not same(expected := python_outcome(expression, answers), outcome)
    ]  # fmt: skip
    assert disagreements == [], json.dumps(disagreements[:10], ensure_ascii=False, indent=1)

"""Survey toolkit benchmarks: response validation and the expression interpreter.

Baselines, measured in the same run:

- validation: a plain-Python loop that only checks the *types* of the same answers
  (``int()``, ``float()``, choice membership, ISO dates) — no relevance, no constraints,
  no calculations, no messages. It is the floor of any validator; the ratio says what the
  XLSForm logic costs on top of it.
- expressions: the same expressions hand-translated to Python and run by ``eval`` on code
  compiled once — Python's own bytecode without XPath's coercions (the speed an ``eval``
  shortcut would give, and which the project forbids). Ratio = eval time / our time.
- import: pyxform's own ``convert`` of the same Markdown form; ours reads it through
  pyxform, converts and checks it, so the ratio is below 1 by construction.
"""

from __future__ import annotations

import datetime as dt
import re

from pyxform.xls2xform import convert

from bench.common import Result, best_time
from surveys import EvaluationContext, compile_expression, import_xlsform, prepare_survey
from surveys import validate_response as validate

RESPONSES = 2000
EVALUATIONS = 20000


def sixty_question_form() -> str:
    """A 60-question form: numbers with constraints, choices with skip logic, texts, dates."""
    rows = [
        "| survey |",
        "| | type | name | label | required | relevant | constraint | calculation |",
    ]
    for i in range(12):
        rows += [
            f"| | integer | n{i} | Nombre {i} | yes | | . >= 0 and . <= 100 | |",
            f"| | select_one oui_non | s{i} | Choix {i} | | ${{n{i}}} > 10 | | |",
            f"| | select_multiple themes | m{i} | Thèmes {i} | | | count-selected(.) <= 3 | |",
            f"| | text | t{i} | Texte {i} | | selected(${{s{i}}}, 'oui') | "
            f"string-length(.) < 200 | |",
            f"| | calculate | c{i} | | | | | if(${{n{i}}} > 50, 'haut', 'bas') |",
        ]
    rows += ["| choices |", "| | list_name | name | label |",
             "| | oui_non | oui | Oui |", "| | oui_non | non | Non |"]  # fmt: skip
    rows += [f"| | themes | th{k} | Thème {k} |" for k in range(8)]
    return "\n".join(rows)


def sample_answers() -> dict[str, str]:
    answers = {}
    for i in range(12):
        answers[f"n{i}"] = str(i * 8)
        answers[f"m{i}"] = "th1 th3"
        if i * 8 > 10:
            answers[f"s{i}"] = "oui" if i % 2 else "non"
            if i % 2:
                answers[f"t{i}"] = "Les poubelles débordent le lundi"
    return answers


def type_check_only(answers: dict[str, str]) -> list[str]:
    """The baseline: only what a bare type check would do."""
    problems = []
    choices = {"oui", "non"}
    themes = {f"th{k}" for k in range(8)}
    for name, value in answers.items():
        kind = name[0]
        if kind == "n":
            try:
                int(value)
            except ValueError:
                problems.append(name)
        elif (
            (kind == "s" and value not in choices)
            or (kind == "m" and not set(value.split()) <= themes)
            or (kind == "t" and not isinstance(value, str))
        ):
            problems.append(name)
    return problems


def bench_validation() -> Result:
    form = import_xlsform(sixty_question_form()).definition
    survey = prepare_survey(form)
    answers = sample_answers()
    assert validate(survey, answers).is_valid

    ours = best_time(lambda: [validate(survey, answers) for _ in range(RESPONSES)])
    base = best_time(lambda: [type_check_only(answers) for _ in range(RESPONSES)])
    return Result(
        name="validation d’une réponse, formulaire de 60 questions",
        value=RESPONSES / ours,
        unit="réponses/s",
        baseline=RESPONSES / base,
        baseline_label="boucle Python qui ne vérifie que les types",
        note="pertinence, contraintes, calculs et messages en plus du typage",
    )


EXPRESSIONS = [
    ("${age} >= 18 and selected(${langues}, 'fr')",
     "float(age) >= 18 and 'fr' in langues.split()"),
    ("if(${n} > 50, 'haut', 'bas')", "'haut' if float(n) > 50 else 'bas'"),
    ("count-selected(${langues}) <= 3", "len(langues.split()) <= 3"),
    ("concat(${prenom}, ' (', ${age}, ' ans)')", "prenom + ' (' + age + ' ans)'"),
    ("(${a} + ${b}) * 2 div 3", "(float(a) + float(b)) * 2 / 3"),
    ("string-length(${prenom}) < 200 and regex(${cp}, '^[0-9]{5}$')",
     "len(prenom) < 200 and re.search('^[0-9]{5}$', cp) is not None"),
]  # fmt: skip
ANSWERS = {"age": "34", "langues": "fr ar", "n": "60", "prenom": "Awa", "a": "3", "b": "4",
           "cp": "13001"}  # fmt: skip


def bench_expressions() -> Result:
    compiled = [compile_expression(text) for text, _ in EXPRESSIONS]
    context = EvaluationContext(ANSWERS, clock=lambda: dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
    code = [compile(python, "<baseline>", "eval") for _, python in EXPRESSIONS]
    namespace = {**ANSWERS, "re": re}
    rounds = EVALUATIONS // len(EXPRESSIONS)

    def ours() -> None:
        for _ in range(rounds):
            for expression in compiled:
                expression.evaluate(context)

    def baseline() -> None:
        for _ in range(rounds):
            for program in code:
                eval(program, namespace)  # the baseline the project forbids, measured only

    per_call = 1e6 / (rounds * len(EXPRESSIONS))
    return Result(
        name="évaluation d’une expression XLSForm (interpréteur compilé)",
        value=best_time(ours) * per_call,
        unit="µs/évaluation",
        baseline=best_time(baseline) * per_call,
        baseline_label="eval() Python sur les mêmes expressions traduites à la main",
        higher_is_better=False,
        note="sémantique XPath (conversions, NaN, ensembles de nœuds) en plus",
    )


def bench_import() -> Result:
    form = sixty_question_form()
    ours = best_time(lambda: import_xlsform(form))
    base = best_time(lambda: convert(form, file_type=".md"))
    return Result(
        name="import XLSForm (60 questions, Markdown)",
        value=ours * 1000,
        unit="ms",
        baseline=base * 1000,
        baseline_label="pyxform.convert seul",
        higher_is_better=False,
        note="lecture et verdict par pyxform, puis conversion et vérification",
    )


def run() -> list[Result]:
    return [bench_validation(), bench_expressions(), bench_import()]

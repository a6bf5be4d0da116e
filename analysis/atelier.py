"""Workshop mode (ateliers), the pure part: what a step may be, what an answer to it may be, and
what the room sees of the answers (distributions only once enough people answered).

Plain values in and out, no database: the backend stores, this module decides and counts.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from analysis.errors import InvalidParameterError

# The scale of an « Atelier Coopérations », from the weakest link to the strongest.
COOPERATION_SCALE = (
    ("concurrence", "Concurrence"),
    ("coexistence", "Coexistence"),
    ("communication", "Communication"),
    ("assistance", "Assistance"),
    ("coordination", "Coordination"),
)
SHOWN = ("synthese", "carte", "indicateurs")  # steps that only show something
QUESTIONS = (
    "choix_unique",
    "choix_multiple",
    "cooperation",
    "note",
    "texte_court",
    "priorites",
    "gommettes",
)
WALL = "pas_de_cote"
STEP_KINDS = (*SHOWN, *QUESTIONS, WALL)
STEP_LABELS = {
    "synthese": "Synthèse",
    "carte": "Carte",
    "indicateurs": "Indicateurs comparés",
    "choix_unique": "Choix unique",
    "choix_multiple": "Choix multiple",
    "cooperation": "Échelle des coopérations",
    "note": "Note de 1 à 5",
    "texte_court": "Réponse courte",
    "priorites": "Classement des priorités",
    "gommettes": "Vote par gommettes",
    "pas_de_cote": "Mur des « pas de côté »",
}
PARTICIPANT_ROLES = {
    "elu": "Élu·e",
    "technicien": "Technicien·ne",
    "association": "Association",
    "habitant": "Habitant·e",
    "autre": "Autre",
}
MAX_STEPS = 30
MAX_CHOICES = 12
MAX_LABEL = 120
MAX_QUESTION = 300
MAX_TEXT = 280
MAX_DOTS = 20
MAX_TEXTS_SHOWN = 200


class AtelierDefinitionError(InvalidParameterError):
    """A step or an answer breaks the atelier's rules; the message says which, in French."""


def _text(value: Any, what: str, limit: int, *, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise AtelierDefinitionError(f"{what} : un texte est attendu.")
    value = " ".join(value.split())
    if len(value) > limit:
        raise AtelierDefinitionError(f"{what} : au plus {limit} caractères.")
    return value


def _labels(values: Any, what: str) -> list[str]:
    if not isinstance(values, list) or not 2 <= len(values) <= MAX_CHOICES:
        raise AtelierDefinitionError(f"{what} : entre 2 et {MAX_CHOICES} propositions.")
    labels = [_text(v, what, MAX_LABEL) or "" for v in values]
    if len(set(labels)) != len(labels):
        raise AtelierDefinitionError(f"{what} : deux propositions identiques.")
    return labels


def check_steps(steps: Any, themes: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The steps as stored: known kinds, bounded texts, choices for the questions that need
    them (a ranking without items ranks ``themes``, the synthesis' themes)."""
    if not isinstance(steps, list) or not 1 <= len(steps) <= MAX_STEPS:
        raise AtelierDefinitionError(f"Entre 1 et {MAX_STEPS} étapes.")
    checked = []
    for number, step in enumerate(steps, start=1):
        what = f"Étape {number}"
        if not isinstance(step, Mapping) or step.get("kind") not in STEP_KINDS:
            raise AtelierDefinitionError(
                f"{what} : type inconnu ; types possibles : {', '.join(STEP_KINDS)}."
            )
        kind = step["kind"]
        out: dict[str, Any] = {"kind": kind}
        title = step.get("question") if kind in (*QUESTIONS, WALL) else step.get("title")
        default = {
            "cooperation": "Où en est notre coopération ?",
            WALL: "Imaginons ensemble des pas de côté",
        }.get(kind)
        text = _text(title or default, what, MAX_QUESTION, required=kind in QUESTIONS)
        out["question" if kind in (*QUESTIONS, WALL) else "title"] = text or STEP_LABELS[kind]
        if kind in ("choix_unique", "choix_multiple"):
            out["choices"] = _labels(step.get("choices"), what)
        elif kind in ("priorites", "gommettes"):
            out["items"] = _labels(step.get("items") or list(themes), what)
        if kind == "gommettes":
            dots = step.get("dots", 3)
            if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= MAX_DOTS:
                raise AtelierDefinitionError(f"{what} : entre 1 et {MAX_DOTS} gommettes.")
            out["dots"] = dots
        if kind in SHOWN and step.get("theme") is not None:
            out["theme"] = _text(step.get("theme"), what, 40)
        checked.append(out)
    return checked


def options(step: Mapping[str, Any]) -> list[str]:
    """What can be chosen in a step (empty for the free ones)."""
    kind = step["kind"]
    if kind == "cooperation":
        return [name for name, _ in COOPERATION_SCALE]
    if kind == "note":
        return ["1", "2", "3", "4", "5"]
    return list(step.get("choices") or step.get("items") or [])


def check_answer(step: Mapping[str, Any], value: Any) -> Any:
    """The answer as stored, or :class:`AtelierDefinitionError` in words a resident reads."""
    kind = step["kind"]
    if kind not in QUESTIONS:
        raise AtelierDefinitionError("Cette étape n'attend pas de réponse.")
    allowed = options(step)
    if kind in ("choix_unique", "cooperation"):
        if value not in allowed:
            raise AtelierDefinitionError("Choisissez une des propositions.")
        return value
    if kind == "note":
        if isinstance(value, bool) or value not in (1, 2, 3, 4, 5):
            raise AtelierDefinitionError("Donnez une note de 1 à 5.")
        return int(value)
    if kind == "texte_court":
        return _text(value, "Votre réponse", MAX_TEXT)
    if not isinstance(value, list | dict):
        raise AtelierDefinitionError("Réponse incomplète : reprenez la question.")
    if kind in ("choix_multiple", "priorites"):
        if (
            not isinstance(value, list)
            or not value
            or len(set(map(str, value))) != len(value)
            or any(v not in allowed for v in value)
        ):
            raise AtelierDefinitionError("Choisissez parmi les propositions, chacune une fois.")
        return list(value)
    # gommettes: {item: dots}
    if not isinstance(value, dict) or any(k not in allowed for k in value):
        raise AtelierDefinitionError("Placez vos gommettes sur les propositions.")
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in value.values()):
        raise AtelierDefinitionError("Un nombre de gommettes est un entier positif.")
    placed = sum(value.values())
    if not 1 <= placed <= step["dots"]:
        raise AtelierDefinitionError(f"Placez entre 1 et {step['dots']} gommettes.")
    return {k: n for k, n in value.items() if n}


def step_results(step: Mapping[str, Any], values: Iterable[Any], threshold: int) -> dict[str, Any]:
    """What the room sees of one question's answers: how many answered, and — once at least
    ``threshold`` did — the distribution (counts, ranking by Borda points, dots, texts)."""
    values = list(values)
    result: dict[str, Any] = {"answers": len(values), "threshold": threshold}
    shown = len(values) >= threshold
    result["shown"] = shown
    if not shown:
        return result
    kind = step["kind"]
    allowed = options(step)
    labels = dict(COOPERATION_SCALE) if kind == "cooperation" else {}
    if kind == "texte_court":
        result["texts"] = sorted(str(v) for v in values)[:MAX_TEXTS_SHOWN]
        return result
    counts: Counter[str] = Counter()
    if kind in ("choix_unique", "cooperation", "note"):
        counts.update(str(v) for v in values)
    elif kind == "choix_multiple":
        counts.update(v for answer in values for v in answer)
    elif kind == "priorites":  # Borda: first of n gets n points, the last ranked 1
        for answer in values:
            for rank, item in enumerate(answer):
                counts[item] += len(allowed) - rank
    else:  # gommettes
        for answer in values:
            counts.update({k: int(n) for k, n in answer.items()})
    rows: list[dict[str, Any]] = [
        {"name": o, "label": labels.get(o, o), "count": counts.get(o, 0)} for o in allowed
    ]
    total = sum(r["count"] for r in rows)
    for row in rows:
        row["share"] = row["count"] / total if total else None
    result["rows"] = rows
    if kind in ("priorites", "gommettes"):
        result["order"] = [r["name"] for r in sorted(rows, key=lambda r: (-r["count"], r["name"]))]
    if kind == "note":
        result["mean"] = round(sum(int(v) for v in values) / len(values), 2)
    if kind == "cooperation":
        ranks = {name: i + 1 for i, (name, _) in enumerate(COOPERATION_SCALE)}
        result["mean_level"] = round(sum(ranks[v] for v in values) / len(values), 2)
    return result


def ideas_wall(ideas: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ideas, most supported first (then the oldest): ``text``, ``supports``, ``id``."""
    return sorted(
        ({"id": str(i["id"]), "text": i["text"], "supports": int(i["supports"])} for i in ideas),
        key=lambda i: (-i["supports"], i.get("posted_at", ""), i["id"]),
    )


def attendance(roles: Iterable[str | None], threshold: int) -> dict[str, Any]:
    """Who attended, by role — never by name; a role with fewer than ``threshold`` people shows
    no count, only « moins de N » (``fewer``)."""
    counts = Counter(r or "autre" for r in roles)
    rows = [
        {
            "role": role,
            "label": label,
            "count": counts.get(role, 0) if counts.get(role, 0) >= threshold else None,
            "fewer": 0 < counts.get(role, 0) < threshold,
        }
        for role, label in PARTICIPANT_ROLES.items()
    ]
    return {"total": sum(counts.values()), "by_role": rows}


def barometer(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The cooperation barometer over time: for each atelier (oldest first), the distribution
    of its cooperation steps' answers and their mean level (1 = concurrence … 5 = coordination)."""
    points = []
    for record in records:
        for step in record.get("steps", []):
            if step.get("kind") == "cooperation" and step.get("results", {}).get("shown"):
                points.append(
                    {
                        "atelier": record.get("title"),
                        "held_on": record.get("held_on"),
                        "question": step.get("question"),
                        "answers": step["results"]["answers"],
                        "mean_level": step["results"]["mean_level"],
                        "rows": step["results"]["rows"],
                    }
                )
    for previous, point in itertools.pairwise(points):
        point["change"] = round(point["mean_level"] - previous["mean_level"], 2)
    return points

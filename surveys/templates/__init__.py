"""Built-in French survey templates, written as XLSForm Markdown and read by the same importer.

>>> [template.name for template in available()]
['barometre-cooperation', 'diagnostic-en-marchant', 'vivre-dans-mon-quartier']
>>> load("barometre-cooperation")["settings"]["title"]
'Baromètre de la coopération'
"""

from __future__ import annotations

import builtins
import copy
import dataclasses
import functools
from importlib import resources
from typing import Any

from surveys.errors import TemplateNotFoundError
from surveys.xlsform import import_xlsform

DESCRIPTIONS = {
    "barometre-cooperation": (
        "Les partenaires d’un contrat de ville se situent sur l’échelle Concurrence → "
        "Coexistence → Communication → Assistance → Coordination, disent ce qui freine, ce "
        "dont ils ont besoin pour progresser et ce qui aiderait (français, anglais)."
    ),
    "diagnostic-en-marchant": (
        "Grille d’un parcours dans le quartier : un arrêt par constat, avec lieu, thème, ce que "
        "l’on voit, photo, gravité et proposition."
    ),
    "vivre-dans-mon-quartier": (
        "Enquête de perception auprès des habitant·es : satisfaction par thème, ce qu’on aime, "
        "ce qui devrait changer, avec des questions qui s’affichent selon les réponses."
    ),
}


@dataclasses.dataclass(frozen=True)
class Template:
    """A built-in survey: its name (for :func:`load`), title, description and languages."""

    name: str
    title: str
    description: str
    languages: tuple[str, ...]


def available() -> builtins.list[Template]:
    """Every built-in template, by name."""
    return [_describe(name) for name in sorted(DESCRIPTIONS)]


def load(name: str) -> dict[str, Any]:
    """The definition of the template ``name`` (a fresh copy: change it at will)."""
    if name not in DESCRIPTIONS:
        known = ", ".join(sorted(DESCRIPTIONS))
        raise TemplateNotFoundError(f"modèle d’enquête inconnu : « {name} » (modèles : {known})")
    return copy.deepcopy(_imported(name))


def source(name: str) -> str:
    """The XLSForm (Markdown) text of a template, to download and adapt."""
    if name not in DESCRIPTIONS:
        raise TemplateNotFoundError(f"modèle d’enquête inconnu : « {name} »")
    return resources.files("surveys.templates").joinpath(f"{name}.md").read_text(encoding="utf-8")


@functools.cache
def _imported(name: str) -> dict[str, Any]:
    return import_xlsform(source(name)).definition


def _describe(name: str) -> Template:
    definition = _imported(name)
    return Template(
        name=name,
        title=definition["settings"]["title"],
        description=DESCRIPTIONS[name],
        languages=tuple(definition["languages"]),
    )


list = available  # ``surveys.templates.list()`` reads naturally for callers

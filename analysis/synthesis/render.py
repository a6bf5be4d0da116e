"""Renderings of a synthesis' content: one self-contained HTML page (CSS and SVG inline, no
external request), a PDF of it (WeasyPrint), and the JSON itself.

They read nothing but the content, so a frozen synthesis is re-rendered from its stored JSON
with the current templates.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any

import jinja2

from analysis import french
from analysis.synthesis import svg

POLARITY_COLOURS = {"difficulte": "#c4461c", "ressource": "#2f7d4f", "idee": "#2b5c9e"}
# A scale from "not at all" to "very": warm to green, the answers off the scale in grey.
SCALE_COLOURS = ("#c4461c", "#eaa07f", "#9cc7a8", "#2f7d4f")
OFF_SCALE = "#c9c6bf"


def _template_source(name: str) -> str:
    return resources.files("analysis.synthesis").joinpath(name).read_text(encoding="utf-8")


_PICTOGRAPHS = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")


def printable(text: str) -> str:
    """A quote for print: emoji dropped (the print fonts have none; a box would stand in their
    place). The JSON keeps the resident's words as written."""
    return " ".join(_PICTOGRAPHS.sub(" ", text).split())


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        # The template sits beside this module (shipped as package data, like the CSS).
        loader=jinja2.FunctionLoader(_template_source),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # A frozen synthesis is re-rendered from the JSON stored when it was issued: a key that
        # later versions added is simply absent there, and renders as nothing.
        undefined=jinja2.ChainableUndefined,
    )
    env.filters.update(
        typo=french.typography,
        printable=printable,
        num=french.number,
        pct=french.percent,
        month=french.month_label,
        date=french.date_label,
        plural=french.plural,
        atelier_row=lambda name, rows: next(r for r in rows if r["name"] == name),
    )
    return env


@functools.cache
def stylesheet() -> str:
    return _template_source("synthesis.css")


def render_html(content: dict[str, Any]) -> str:
    """The synthesis as one HTML page, printable on A4 and readable projected."""
    threshold = content["disclosure"]["threshold"]
    template = _environment().get_template("synthesis.html")
    return template.render(
        c=content,
        css=stylesheet(),
        colours=POLARITY_COLOURS,
        fewer=french.fewer_than(threshold),
        trend_svg=svg.trend_chart(content["trend"]["items"], threshold),
        map_svg=svg.territory_map(content["map"]),
        period=period_label(content),
        survey_blocks=survey_blocks,
        theme_peak=max(
            [t["share"] or 0 for t in content.get("themes", {}).get("rows", [])] + [1e-9]
        ),
    )


def survey_blocks(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive scale questions with the same choices become one table, a row each (the
    satisfaction per theme reads at a glance); other questions stay on their own."""
    blocks: list[dict[str, Any]] = []
    for question in questions:
        names = [c["name"] for c in question["choices"]]
        if question["kind"] == "likert" and not question["highlight"]:
            last = blocks[-1] if blocks else None
            if last and last["type"] == "scale" and last["names"] == names:
                last["rows"].append(question)
                continue
            labels = [c["label"] for c in question["choices"]]
            scored = [n for n in names if n.lstrip("-").isdigit()]
            colours = [
                SCALE_COLOURS[min(scored.index(n), len(SCALE_COLOURS) - 1)]
                if n in scored
                else OFF_SCALE
                for n in names
            ]
            blocks.append(
                {
                    "type": "scale",
                    "names": names,
                    "labels": labels,
                    "colours": colours,
                    "rows": [question],
                }
            )
        else:
            blocks.append({"type": "question", "question": question})
    return blocks


def render_pdf(content: dict[str, Any]) -> bytes:
    """The HTML page laid out by WeasyPrint on A4, with page numbers."""
    import weasyprint  # imported here: it loads Pango, which only PDF output needs

    return weasyprint.HTML(string=render_html(content)).write_pdf()


def render_atelier_html(record: dict[str, Any]) -> str:
    """An atelier's record (see analysis.atelier) as one printable page."""
    return _environment().get_template("atelier.html").render(a=record, css=stylesheet())


def render_atelier_pdf(record: dict[str, Any]) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=render_atelier_html(record)).write_pdf()


def render_json(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False, indent=2).encode("utf-8")


def period_label(content: dict[str, Any]) -> str:
    """« du 1er mars 2026 au 30 juin 2026 », or the months the reports span."""
    period = content["period"]
    since, until = period.get("since"), period.get("until")
    last = french.date_label(until, exclusive_end=True) if until else None
    if since and until:
        return f"du {french.date_label(since)} au {last}"
    if since:
        return f"depuis le {french.date_label(since)}"
    if until:
        return f"jusqu’au {last}"
    first, last = period.get("first_month"), period.get("last_month")
    if first and last and first != last:
        return f"de {french.month_label(first)} à {french.month_label(last)}"
    if first:
        return french.month_label(first)
    return "aucun signalement sur la période"

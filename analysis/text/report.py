"""Reports of a text clustering: JSON for programs, one self-contained HTML page for people."""

from __future__ import annotations

import html
import json
import pathlib

from analysis.errors import InvalidParameterError
from analysis.text.api import TextCluster, TextClustering
from analysis.text.lexicon import THEME_LABELS

SHARE_TITLES = {"theme": "Thèmes", "polarity": "Polarités", "territory": "Territoires"}
POLARITY_LABELS = {"difficulte": "Difficulté", "ressource": "Ressource", "idee": "Idée"}

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin:0 0 .3rem}
.meta{color:#555}.cluster{border:1px solid #ddd;border-radius:.5rem;padding:1rem;margin:1rem 0}
.size{color:#555;font-size:.95rem}.theme{display:inline-block;background:#eef3fb;
border-radius:1rem;padding:.1rem .6rem;font-size:.85rem}
blockquote{margin:.5rem 0;padding:.3rem .8rem;border-left:4px solid #6b8fd6;background:#f7f7f7}
table{border-collapse:collapse;margin:.3rem 1.5rem .3rem 0;display:inline-table;
vertical-align:top}td,th{padding:.1rem .6rem;text-align:left}
td.num{text-align:right}
"""


def report_json(result: TextClustering) -> str:
    """The clustering as indented UTF-8 JSON (labels per text included)."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def report_html(result: TextClustering, *, title: str = "Regroupement des textes") -> str:
    """A single HTML page, no external resource: labels, sizes, shares and quotes per cluster."""
    total = len(result.labels)
    stability = (
        f"{result.stability:.2f} (ARI moyen sur rééchantillonnages)"
        if result.stability is not None
        else "non mesurée"
    )
    noise = sum(1 for label in result.labels if label < 0)
    parts = [
        "<!doctype html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">{total} textes, {result.n_clusters} groupes'
        + (f", {noise} textes sans mot analysable" if noise else "")
        + f". Choix du nombre de groupes : {html.escape(result.criterion_description)}."
        f" Stabilité : {stability}.</p>",
        f'<p class="meta">{html.escape(_capitalised(result.method.get("reason", "")))}</p>',
    ]
    parts += [_cluster_html(cluster, total) for cluster in result.clusters]
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(result: TextClustering, path: str | pathlib.Path) -> pathlib.Path:
    """Write the HTML or JSON report, chosen by the file's extension."""
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        path.write_text(report_html(result), encoding="utf-8")
    elif suffix == ".json":
        path.write_text(report_json(result), encoding="utf-8")
    else:
        raise InvalidParameterError(
            f"Format de rapport inconnu « {path.suffix} » : utiliser .html ou .json."
        )
    return path


def _cluster_html(cluster: TextCluster, total: int) -> str:
    share = 100 * cluster.size / total if total else 0.0
    theme = (
        f' <span class="theme">{html.escape(cluster.theme_label)}</span>'
        if cluster.theme_label
        else ""
    )
    quotes = "".join(f"<blockquote>{html.escape(q)}</blockquote>" for q in cluster.quotes)
    stability = ""
    if cluster.stability is not None:
        flag = " — groupe instable, à lire avec prudence" if cluster.unstable else ""
        stability = f" · stabilité {cluster.stability:.2f}{flag}"
    words = (
        f"<p>Mots distinctifs : {html.escape(', '.join(cluster.words))}</p>"
        if cluster.words
        else ""
    )
    return (
        f'<section class="cluster"><h2>{cluster.id + 1}. {html.escape(cluster.label)}</h2>'
        f'<p class="size">{cluster.size} textes ({share:.1f} %){theme}{stability}</p>'
        f"{words}{_shares_html(cluster.shares)}{quotes}</section>"
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shares_html(shares: dict[str, dict[str, float]]) -> str:
    names = {"theme": THEME_LABELS, "polarity": POLARITY_LABELS}
    tables = []
    for column, values in shares.items():
        shown = names.get(column, {})
        rows = "".join(
            f"<tr><td>{html.escape(shown.get(value, value))}</td>"
            f'<td class="num">{100 * share:.0f} %</td></tr>'
            for value, share in list(values.items())[:5]
        )
        title = SHARE_TITLES.get(column, column)
        tables.append(f"<table><tr><th colspan=2>{html.escape(title)}</th></tr>{rows}</table>")
    return "".join(tables)

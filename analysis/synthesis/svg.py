"""Hand-written inline SVG for the two figures that need a drawing: the monthly trend and the
map. Plain shapes and text, no script and no external reference: crisp on paper, identical
in a browser and in the PDF, and a few kilobytes instead of a plotting library.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from analysis.french import NBSP, number

INK, MUTED, GRID = "#1d1d1b", "#6b6b66", "#d9d6cf"
ACCENT, LAND, CELL = "#c4461c", "#f4f1ea", "#23395b"


def _nice_step(maximum: float, ticks: int = 4) -> float:
    raw = max(maximum, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def trend_chart(months: list[dict[str, Any]], threshold: int, width: int = 640) -> str:
    """Columns of observations per month (or quarter); a suppressed one is a dashed box up to
    the threshold (« < 11 »), or the whole height when its size is unknown (« masqué »)."""
    if not months:
        return ""
    height, left, bottom, top = 196, 40, 40, 14
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max([m["value"] or 0 for m in months] + [threshold])
    step = _nice_step(peak)
    ceiling = step * math.ceil(peak / step)
    scale = plot_h / ceiling
    slot = plot_w / len(months)
    bar = max(2.0, min(slot * 0.72, 46))
    every = max(1, math.ceil(len(months) / 12))
    parts = []
    tick = 0.0
    while tick <= ceiling + 1e-9:
        y = top + plot_h - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick" font-size="11" fill="#5f5e59">{number(tick)}</text>'
        )
        tick += step
    for i, month in enumerate(months):
        x = left + i * slot + (slot - bar) / 2
        value = month["value"]
        secondary = month.get("secondary", False)  # not small, hidden: its height is unknown
        shown = (ceiling if secondary else threshold) if value is None else value
        h = shown * scale
        fill = "#eceae4" if value is None else CELL
        stroke = f' stroke="{MUTED}" stroke-dasharray="3 2"' if value is None else ""
        title = f"{month['label']} : {month['display']}"
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'fill="{fill}"{stroke}><title>{escape(title)}</title></rect>'
        )
        if slot >= 26:
            label = (
                number(value)
                if value is not None
                else ("masqué" if secondary else f"&lt;{NBSP}{threshold}")
            )
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle" '
                f'class="value" font-size="10" fill="#1d1d1b">{label}</text>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 15}" text-anchor="middle" '
                f'class="tick" font-size="11" fill="#5f5e59">{escape(month["short_label"])}</text>'
            )
        if month.get("year_start"):  # the year, once and at each January
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 29}" text-anchor="middle" '
                f'class="tick year" font-size="10" fill="#5f5e59">{month["key"][:4]}</text>'
            )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="{INK}"/>'
    )
    return _svg(width, height, "".join(parts), "Signalements par mois")


def _projector(bounds: list[float], width: int, max_height: int, pad: int):
    minx, miny, maxx, maxy = bounds
    lat0 = math.radians((miny + maxy) / 2)
    kx = math.cos(lat0)
    span_x, span_y = max((maxx - minx) * kx, 1e-6), max(maxy - miny, 1e-6)
    scale = min((width - 2 * pad) / span_x, (max_height - 2 * pad) / span_y)
    height = int(span_y * scale + 2 * pad)
    offset_x = (width - span_x * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return offset_x + (lon - minx) * kx * scale, pad + (maxy - lat) * scale

    return project, scale, height


def _path(polygons: list, project) -> str:
    commands = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(x, y) for x, y in ring]
            if points:
                head, *rest = points
                commands.append(
                    f"M{head[0]:.1f} {head[1]:.1f}"
                    + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest)
                    + "Z"
                )
    return "".join(commands)


def _scale_bar(scale_px_per_deg: float, width: int, height: int) -> str:
    metres_per_px = 111_320 / scale_px_per_deg
    target = metres_per_px * width / 5
    length = next(
        (v for v in (50, 100, 200, 250, 500, 1000, 2000, 5000, 10000) if v >= target * 0.6), 10000
    )
    px = length / metres_per_px
    label = f"{number(length / 1000)}{NBSP}km" if length >= 1000 else f"{number(length)}{NBSP}m"
    x, y = 14, height - 14
    return (
        f'<g class="scale"><rect x="{x - 4}" y="{y - 18}" width="{px + 8:.1f}" height="24" fill="#fff" opacity=".8"/>'
        f'<line x1="{x}" y1="{y}" x2="{x + px:.1f}" y2="{y}" stroke="{INK}" stroke-width="2"/>'
        f'<line x1="{x}" y1="{y - 4}" x2="{x}" y2="{y + 2}" stroke="{INK}" stroke-width="2"/>'
        f'<line x1="{x + px:.1f}" y1="{y - 4}" x2="{x + px:.1f}" y2="{y + 2}" stroke="{INK}" stroke-width="2"/>'
        f'<text x="{x + px / 2:.1f}" y="{y - 6}" text-anchor="middle" class="tick" font-size="11" fill="#5f5e59">{label}</text></g>'
        f'<g class="north" font-size="13" font-weight="bold"><text x="{width - 16}" y="22" text-anchor="middle" class="north" font-size="13" font-weight="bold">N</text>'
        f'<path d="M{width - 16} 26 l-5 12 h10z" fill="{INK}"/></g>'
    )


def territory_map(layer: dict[str, Any], width: int = 640, max_height: int = 600) -> str:
    """The outline, one square per public grid cell with reports, and numbered hotspots."""
    if not layer.get("bounds"):
        return ""
    project, scale, height = _projector(layer["bounds"], width, max_height, pad=18)
    side = max(2.5, layer["grid_m"] / 111_320 * scale)
    parts = [
        f'<path d="{_path(layer["outline"], project)}" fill="{LAND}" stroke="{INK}" '
        'stroke-width="1.4" fill-rule="evenodd"/>'
    ]
    for child in layer.get("children", []):
        parts.append(
            f'<path d="{_path(child["outline"], project)}" fill="#fff" fill-opacity=".6" '
            f'stroke="{CELL}" stroke-width=".9" stroke-dasharray="3 2"><title>{escape(child["name"])}</title></path>'
        )
    dense = {tuple(cell) for cell in layer.get("dense_cells", [])}
    for lon, lat in layer["cells"]:
        x, y = project(lon, lat)
        opacity = ".95" if (lon, lat) in dense else ".4"
        parts.append(
            f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" '
            f'height="{side:.1f}" fill="{CELL}" fill-opacity="{opacity}"/>'
        )
    for hotspot in layer["hotspots"]:
        parts.append(
            f'<path d="{_path(hotspot["outline"], project)}" fill="{ACCENT}" fill-opacity=".12" '
            f'stroke="{ACCENT}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        x, y = project(*hotspot["centre"])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{ACCENT}"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" class="badge" font-size="12" font-weight="bold" fill="#fff">{hotspot["number"]}</text>'
        )
    parts.append(_scale_bar(scale, width, height))
    return _svg(width, height, "".join(parts), "Carte des signalements")


def _svg(width: int, height: int, body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="figure-svg" '
        'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )

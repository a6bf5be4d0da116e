"""Syntheses from plain inputs: sections, disclosure control everywhere, typography, renderings.

Observations are the project's resident-style texts placed at random in the real outline of
QPV QP031007 (Grand Mirail, Toulouse); indicators are real INSEE values for that QPV, its
commune, its EPCI and France.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import pathlib
import random
import re

import pandas as pd
import pytest
import shapely
from shapely.geometry import mapping, shape

from analysis.french import number, typography
from analysis.synthesis import Place, SurveyInput, build_synthesis, render_html, to_csv
from surveys import templates

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
SHARED_QPV_FILE = "data/indicators/occitanie-qpv2015-indicateurs.csv"


def plain(text: str) -> str:
    """Text with French no-break spaces read as spaces (what a reader sees)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def grand_mirail() -> dict:
    collection = json.loads((DATA / "territories" / "occitanie-qpv2015.geojson").read_text())
    feature = next(f for f in collection["features"] if f["properties"]["code_qp"] == "QP031007")
    return mapping(shape(feature["geometry"]).buffer(0))


def observations(n: int = 400, seed: int = 1) -> pd.DataFrame:
    outline = shape(grand_mirail())
    minx, miny, maxx, maxy = outline.bounds
    rng = random.Random(seed)
    with (DATA / "text" / "observations-veilleurs-fr.csv").open(encoding="utf-8") as handle:
        texts = list(csv.DictReader(handle))
    rows = []
    for i in range(n):
        row = texts[i % len(texts)]
        while not outline.contains(
            p := shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        ):
            pass
        rows.append(
            {
                "id": f"obs-{i}",
                "lon": p.x,
                "lat": p.y,
                "theme": row["theme"],
                "polarity": row["polarity"],
                "text": row["text"],
                "observed_at": NOW - dt.timedelta(days=rng.uniform(0, 200)),
                "author": f"a{rng.randint(0, 40)}",
            }
        )
    return pd.DataFrame(rows)


def comparisons() -> pd.DataFrame:
    """Real values: QPV file (INSEE données QPV, Hackaviz 2021 `qp.csv`), Filosofi 2016 per
    commune (31555) and EPCI (243100518), France (INSEE Première n° 1710)."""
    qpv_source = "INSEE, données QPV (géographie 2015)"
    filo = "INSEE, Filosofi 2016"
    france = "INSEE, enquête Revenus fiscaux et sociaux 2016"
    rows = []
    for indicator, label, unit, value, refs in (
        ("tp60", "Taux de pauvreté", "%", 48.5, [("commune", "Toulouse", 19.0, 2016, filo), ("epci", "Toulouse Métropole", 15.1, 2016, filo), ("FR", "France", 14.0, 2016, france)]),
        ("disp_q2", "Médiane du revenu disponible par unité de consommation", "€", 12512, [("commune", "Toulouse", 20430, 2016, filo), ("epci", "Toulouse Métropole", 22060, 2016, filo), ("FR", "France", 20809, 2016, france)]),
        ("pop_mun", "Population municipale", "nombre", 31691, []),
        ("tx_tot_empl", "Part des 15-64 ans ayant un emploi", "%", 38.1, []),
    ):  # fmt: skip
        base = {
            "indicator": indicator,
            "label": label,
            "unit": unit,
            "territory": "QP031007",
            "value": value,
            "period": 2017,
            "source": qpv_source,
        }
        if not refs:
            rows.append(base)
        for level, name, ref, period, source in refs:
            kind = "écart en points" if unit == "%" else "rapport"
            gap = round(value - ref, 1) if unit == "%" else round(value / ref, 2)
            warning = (
                "Millésimes différents : qpv 2017, commune 2016 — l'écart mêle les territoires et les années."
                if period != 2017
                else ""
            )
            rows.append(base | {"reference_level": level, "reference_code": level, "reference_name": name, "reference_indicator": indicator, "reference_value": ref, "reference_period": period, "reference_source": source, "difference": gap, "difference_kind": kind, "warning": warning})  # fmt: skip
    return pd.DataFrame(rows)


PLACE = Place("QP031007", "Grand Mirail", "qpv", grand_mirail(), "Toulouse", 31691)


@pytest.fixture(scope="module")
def portrait():
    frame = observations()
    content = build_synthesis(frame, PLACE, indicators=comparisons(), generated_at=NOW)
    return frame, content, render_html(content)


def test_a_portrait_has_every_section(portrait):
    _, content, page = portrait
    for heading in (
        "Comment lire ce document",
        "Ce que disent les signalements",
        "Où",
        "Les sujets qui reviennent",
        "Ce que disent les enquêtes",
        "Les chiffres du territoire",
        "Précautions de lecture",
        "Méthode",
    ):
        assert heading in plain(page), heading
    assert content["key_figures"]["observations"]["display"] == "400"
    assert (
        len(content["themes"]["rows"]) == 12
        and content["trend"]["items"]
        and content["map"]["cells"]
    )
    assert content["clusters"]["status"] == "ok" and content["clusters"]["items"]
    assert "<svg" in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert not re.search(r"(src|href)=\"https?:", page), "a synthesis fetches nothing"


def test_no_exact_coordinate_leaves_in_the_html_or_the_json(portrait):
    frame, content, page = portrait
    published = json.dumps(content) + page + to_csv(content).decode("utf-8")
    pairs = {
        (float(a), float(b))
        for a, b in re.findall(r"(\d+\.\d{4,})(?:, | |;)(\d+\.\d{4,})", published)
    }
    assert len(pairs) > 100  # the outline, the public cells, the hotspots' centres
    for lon, lat in zip(frame["lon"], frame["lat"], strict=True):
        for digits in (5, 6, 7):  # (4 decimals, ~10 m, meets the outline's vertices by chance)
            assert (round(lon, digits), round(lat, digits)) not in pairs
    assert "a12" not in json.dumps(content["clusters"]), "no author id"


def test_a_theme_with_three_observations_reads_fewer_than_eleven():
    frame = observations(60)
    frame = frame.drop(columns="author")  # authors unknown: reports judged by their count
    frame.loc[:, "theme"] = "proprete"
    frame.loc[:2, "theme"] = "sante"  # three reports on health
    content = build_synthesis(frame, PLACE, generated_at=NOW)
    health = next(r for r in content["themes"]["rows"] if r["key"] == "sante")
    assert health["value"] is None and plain(health["display"]) == "moins de 11"
    page = plain(render_html(content))
    row = re.search(r"Santé, accès aux soins</th>\s*<td[^>]*>([^<]*)<", page)
    assert row and row.group(1) == "moins de 11"
    # Propreté's total would give santé's by subtraction from the total: it is hidden too.
    cleanliness = next(r for r in content["themes"]["rows"] if r["key"] == "proprete")
    assert cleanliness["suppressed"]


def test_a_small_theme_synthesis_publishes_no_count_no_place_no_topic():
    frame = observations(3)
    frame = frame.drop(columns="author")  # authors unknown: reports judged by their count
    content = build_synthesis(frame, PLACE, theme="sante", generated_at=NOW)
    assert plain(content["key_figures"]["observations"]["display"]) == "moins de 11"
    assert all(p["value"] is None for p in content["polarity"] if p["display"] != "0")
    assert content["map"]["cells"] == [] and content["map"]["cells_withheld"]
    assert content["clusters"]["status"] == "too_few"
    assert all(m["value"] is None for m in content["trend"]["items"] if m["display"] != "0")
    assert "3" not in [c.get("display") for c in content["polarity"]]


def test_secondary_suppression_in_a_breakdown():
    frame = observations(60)
    frame = frame.drop(columns="author")  # authors unknown: reports judged by their count
    frame["polarity"] = ["difficulte"] * 45 + ["ressource"] * 12 + ["idee"] * 3
    content = build_synthesis(frame, PLACE, theme=None, generated_at=NOW)
    shown = {p["key"]: p["value"] for p in content["polarity"]}
    assert shown["idee"] is None
    assert shown["ressource"] is None, "60 − 45 would give the 3 idées away"
    displays = {p["key"]: plain(p["display"]) for p in content["polarity"]}
    assert displays == {"difficulte": "45", "ressource": "masqué", "idee": "moins de 11"}, (
        "12 ressources are hidden, but they are not « moins de 11 »"
    )


def test_quotes_naming_a_person_are_masked():
    frame = observations(80)
    frame["text"] = frame["text"].where(
        frame.index % 2 == 0,
        "M. Dupont du bâtiment C laisse ses encombrants dans le hall, appelez le 06 12 34 56 78",
    )
    content = build_synthesis(frame, PLACE, generated_at=NOW)
    published = json.dumps(content, ensure_ascii=False) + render_html(content)
    assert "Dupont" not in published and "06 12 34 56 78" not in published
    assert "M. [nom masqué]" in published


def test_indicators_show_their_sources_and_vintages(portrait):
    _, content, page = portrait
    text = plain(page)
    assert "INSEE, Filosofi 2016 — millésime 2016" in text
    assert "INSEE, données QPV (géographie 2015) — millésime 2017" in text
    poverty = next(r for r in content["indicators"]["rows"] if r["indicator"] == "tp60")
    assert plain(poverty["display"]) == "48,5 %"
    assert plain(poverty["references"]["commune"]["difference_display"]) == "+29,5 pt"
    assert "Millésimes différents" in text
    assert plain(number(12512)) == "12 512"


def test_survey_results_bear_on_the_theme():
    definition = templates.load("vivre-dans-mon-quartier")
    from analysis.survey_stats import simulate_responses

    answers = [
        r["answers"]
        for r in simulate_responses(
            definition, [{"sat_proprete": {"1": 3, "2": 2, "3": 1}}], [60], random_state=0
        )
    ]
    survey = SurveyInput("Vivre au Mirail 2026", definition, answers, "2026-09-01", "2026-10-15")
    content = build_synthesis(observations(60), PLACE, theme="proprete", surveys=[survey])
    (section,) = content["surveys"]
    keys = {q["key"] for q in section["questions"]}
    assert keys == {"sat_proprete", "aime", "changer"}
    changer = next(q for q in section["questions"] if q["key"] == "changer")
    assert [c["name"] for c in changer["choices"]] == ["proprete"]
    page = plain(render_html(content))
    assert "Vivre au Mirail 2026" in page and "part qui cite « Propreté, déchets »" in page


def test_csv_holds_the_tables_behind_the_figures_with_formulas_neutralised(portrait):
    _, content, _ = portrait
    tampered = json.loads(json.dumps(content))
    tampered["clusters"]["items"][0]["label"] = '=HYPERLINK("http://x")'
    rows = list(csv.DictReader(to_csv(tampered).decode("utf-8-sig").splitlines()))
    assert {r["table"] for r in rows} >= {
        "chiffres_cles",
        "polarites",
        "themes",
        "mois",
        "sujets",
        "indicateurs",
    }
    topic = next(r for r in rows if r["table"] == "sujets")
    assert topic["label"].startswith("'=")
    poverty = [r for r in rows if r["table"] == "indicateurs" and r["category"] == "tp60"]
    assert {r["measure"] for r in poverty} == {"territoire", "commune", "epci", "FR"}
    assert all(r["period"] and r["source"] for r in poverty)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attention : danger !", "Attention\u00a0: danger\u00a0!"),
        ('Il dit "assez"', "Il dit «\u00a0assez\u00a0»"),
        ("à 18:30, voir https://exemple.fr", "à 18:30, voir https://exemple.fr"),
    ],
)
def test_french_typography(text, expected):
    assert typography(text) == expected


def test_the_qpv_indicator_file_reads_when_present():
    """The real Occitanie file (with its BOM), where the shared data folder is available."""
    for base in (ROOT / "tests", ROOT.parent / "shared", pathlib.Path("/work/shared")):
        path = base / SHARED_QPV_FILE
        if path.exists():
            break
    else:
        pytest.skip("shared data folder not available")
    table = pd.read_csv(path, encoding="utf-8-sig", dtype={"code_qp": str})
    row = table.set_index("code_qp").loc["QP031007"]
    assert row["tp60"] == 48.5 and row["disp_q2"] == 12512  # the fixture's values are real


def test_months_and_dates_are_those_of_a_french_reader():
    frame = observations(30)
    frame["observed_at"] = dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 March
    content = build_synthesis(
        frame,
        PLACE,
        since=dt.datetime(2026, 2, 28, 23, tzinfo=dt.UTC),  # 1 March, midnight in Paris
        until=dt.datetime(2026, 3, 31, 22, tzinfo=dt.UTC),  # 1 April, midnight in Paris
    )
    assert [m["key"] for m in content["trend"]["items"]] == ["2026-03"]
    assert "Signalements du 1er mars 2026 au 31 mars 2026" in plain(render_html(content))


def test_no_template_placeholder_is_left_in_the_text(portrait):
    _, content, page = portrait
    assert not re.search(r"\{[a-z_]+\}", json.dumps(content["notes"], ensure_ascii=False))
    assert "carré de 100 m de côté" in plain(page)


def test_counts_of_reports_are_judged_by_the_residents_behind_them():
    """A QPV with 32 reports from 8 residents: figures are published when at least 3 different
    residents stand behind them, whatever the number of reports; 30 reports of 2 residents are
    withheld; the number of contributors keeps the people threshold (11)."""
    frame = observations(32)
    frame["author"] = [f"r{i % 8}" for i in range(32)]  # 8 residents, 4 reports each
    frame["theme"], frame["polarity"] = "proprete", "difficulte"
    frame.loc[:2, "theme"] = "sante"  # 3 reports, by r0, r1, r2
    frame.loc[3:4, "theme"] = "logement"  # 2 reports, by r3, r4: withheld
    frame.loc[5:6, "theme"] = "mobilite"  # 2 reports, by r5, r6: withheld
    content = build_synthesis(frame, PLACE, generated_at=NOW)
    assert content["disclosure"]["contributors"] == 3
    assert content["key_figures"]["observations"]["value"] == 32
    assert plain(content["key_figures"]["contributors"]["display"]) == "moins de 11"
    rows = {r["key"]: r for r in content["themes"]["rows"]}
    assert rows["sante"]["value"] == 3
    assert rows["logement"]["value"] is None and rows["logement"]["display"] == "masqué"
    assert rows["logement"]["few_contributors"] is True
    assert rows["proprete"]["value"] == 25  # two cells withheld: neither can be subtracted
    assert not content["disclosure"]["mostly_suppressed"]
    how = " ".join(content["notes"]["how_to_read"])
    assert "au moins 3 habitants différents" in how and "moins de 11" in how
    # Thirty reports from two people point at them: withheld, and the document says so.
    few = observations(30)
    few["author"] = [f"r{i % 2}" for i in range(30)]
    lonely = build_synthesis(few, PLACE, generated_at=NOW)
    assert lonely["key_figures"]["observations"]["value"] is None
    assert lonely["disclosure"]["mostly_suppressed"]
    # Configurable: five residents at least.
    stricter = build_synthesis(frame, PLACE, contributors=5, generated_at=NOW)
    assert {r["key"]: r["value"] for r in stricter["themes"]["rows"]}["sante"] is None


def test_reports_of_erased_authors_count_as_one_resident():
    frame = observations(20)
    frame["author"] = None
    content = build_synthesis(frame, PLACE, generated_at=NOW)
    assert content["key_figures"]["observations"]["value"] is None


def test_small_months_are_grouped_into_quarters():
    frame = observations(40)  # 40 reports over 200 days: most months under 11
    frame = frame.drop(columns="author")  # authors unknown: reports judged by their count
    content = build_synthesis(frame, PLACE, generated_at=NOW)
    assert content["trend"]["period"] == "quarter"
    assert {i["short_label"] for i in content["trend"]["items"]} <= {"T1", "T2", "T3", "T4"}
    assert "Trimestre après trimestre" in render_html(content)


def test_an_older_stored_content_still_renders(portrait):
    """Frozen syntheses are re-rendered with today's template: keys added since are absent."""
    _, content, _ = portrait
    older = json.loads(json.dumps(content))
    del older["map"]["dense_cells"], older["map"]["children"], older["indicators"]["notes"]
    for item in older["trend"]["items"]:
        del item["secondary"]
    assert "Grand Mirail" in render_html(older)


def test_hotspots_on_weighted_cells_are_those_of_find_hotspots_on_the_snapped_points():
    """The synthesis clusters distinct cells weighted by their reports (fast at 50,000):
    the same hotspots as ``analysis.spatial.find_hotspots`` on every snapped point."""
    from analysis.disclosure import snap_points
    from analysis.spatial import find_hotspots
    from analysis.synthesis.geo import area_m2, polygons, public_hotspots

    frame = observations(400)
    lon, lat = frame["lon"].iloc[0], frame["lat"].iloc[0]
    spread = [0.0006 * (i % 3) for i in range(90)]  # a dense spot over three cells
    dense = frame.head(90).assign(lon=[lon + d for d in spread], lat=lat)
    frame = pd.concat([frame, dense], ignore_index=True)
    area = area_m2(polygons(grand_mirail()))
    ours = public_hotspots(frame, grid_m=100, threshold=11, territory_area_m2=area, theme_labels={})
    lons, lats = snap_points(frame["lon"].to_numpy(), frame["lat"].to_numpy(), 100)
    snapped = pd.DataFrame({"lon": lons, "lat": lats, "theme": frame["theme"]})
    reference = find_hotspots(snapped, radius_m=150, min_points=11, territory_area_m2=area)
    expected = sorted(h.count for h in reference.hotspots if h.p_value <= 0.05)
    assert expected and sorted(h["count"] for h in ours) == expected


def test_quotes_print_without_emoji_the_fonts_cannot_draw():
    from analysis.synthesis.render import printable

    assert printable("Ça sent rien du tout 👍 merci !") == "Ça sent rien du tout merci !"

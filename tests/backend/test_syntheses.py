"""Syntheses through the API and the CLI: formats, frozen re-opening, roles, audit, disclosure."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import uuid

import pytest
import shapely
from shapely.geometry import shape

from tests.backend.conftest import _features, observation_payload

HOME = "QP031001"
THEMES = ["proprete"] * 30 + ["mobilite"] * 15 + ["sante"] * 3


def payloads(n_themes: list[str], seed: int = 0) -> list[dict]:
    outline = shape(_features("occitanie-qpv2015.geojson")[HOME]["geometry"]).buffer(0)
    minx, miny, maxx, maxy = outline.bounds
    rng = random.Random(seed)
    items = []
    for i, theme in enumerate(n_themes):
        while not outline.contains(
            point := shapely.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        ):
            pass
        items.append(
            observation_payload(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                location={"type": "Point", "coordinates": [point.x, point.y]},
                theme=theme,
                polarity=("difficulte", "ressource", "idee")[i % 3],
                text=f"Observation {i} : M. Dupont dit que la rue est sale près de l'école"
                if i == 0
                else f"Sacs poubelle éventrés devant l'entrée {i}, ça traîne depuis des jours",
                observed_at=(dt.datetime.now(dt.UTC) - dt.timedelta(days=i % 90)).isoformat(),
            )
        )
    return items


@pytest.fixture
def reported(client, make_user):
    """48 observations in QP031001 by a few veilleurs (three on health)."""
    items = payloads(THEMES)
    for start in range(0, len(items), 16):
        _, headers = make_user("veilleur", (HOME,))
        response = client.post(
            "/api/v1/sync", json={"observations": items[start : start + 16]}, headers=headers
        )
        assert {r["status"] for r in response.json["results"]} == {"created"}
    return items


@pytest.fixture
def animateur(make_user):
    return make_user("animateur", (HOME,))[1]


@pytest.mark.parametrize(
    ("fmt", "mimetype", "start"),
    [
        ("json", "application/json", b"{"),
        ("html", "text/html", b"<!doctype html>"),
        ("pdf", "application/pdf", b"%PDF"),
        ("csv", "text/csv", b"\xef\xbb\xbftable,"),
    ],
)
def test_the_current_synthesis_in_each_format(client, reported, animateur, fmt, mimetype, start):
    response = client.get(f"/api/v1/syntheses?territory={HOME}&format={fmt}", headers=animateur)
    assert response.status_code == 200, response.json
    assert response.mimetype == mimetype and response.data.startswith(start)
    assert "synthese-QP031001-portrait" in response.headers["Content-Disposition"]


def test_disclosure_in_what_the_api_serves(client, reported, animateur):
    content = client.get(f"/api/v1/syntheses?territory={HOME}", headers=animateur).json
    page = client.get(f"/api/v1/syntheses?territory={HOME}&format=html", headers=animateur)
    text = page.get_data(as_text=True)
    health = next(r for r in content["themes"]["rows"] if r["key"] == "sante")
    # Three reports on health, all by one veilleur: withheld (fewer than 3 residents behind).
    assert health["value"] is None and health["display"] == "masqué"
    assert health["few_contributors"] is True
    assert content["disclosure"]["contributors"] == 3
    assert content["key_figures"]["contributors"]["display"] == "moins de\u00a011"
    assert "Dupont" not in text and "Dupont" not in json.dumps(content)
    published = json.dumps(content) + text
    for item in reported:
        lon, lat = item["location"]["coordinates"]
        assert f"{lon:.6f}" not in published and f"{lat:.6f}" not in published
    assert "veilleur-" not in published, "no pseudonym"
    assert content["issue"]["frozen"] is False and "Version de travail" in text


def test_an_issued_synthesis_reopens_unchanged_after_new_reports(
    client, reported, animateur, make_user, db_session
):
    issued = client.post("/api/v1/syntheses", json={"territory": HOME}, headers=animateur)
    assert issued.status_code == 201
    synthesis_id = issued.json["id"]
    frozen = client.get(f"/api/v1/syntheses/{synthesis_id}", headers=animateur).json
    assert frozen["issue"] == {
        "id": synthesis_id,
        "issued_at": frozen["issue"]["issued_at"],
        "frozen": True,
    }
    _, veilleur = make_user("veilleur", (HOME,))
    more = payloads(["proprete"] * 20, seed=7)
    client.post("/api/v1/sync", json={"observations": more}, headers=veilleur)

    again = client.get(f"/api/v1/syntheses/{synthesis_id}", headers=animateur).json
    current = client.get(f"/api/v1/syntheses?territory={HOME}", headers=animateur).json
    assert again == frozen
    assert frozen["key_figures"]["observations"]["value"] == 48
    assert current["key_figures"]["observations"]["value"] == 68
    html = client.get(f"/api/v1/syntheses/{synthesis_id}?format=html", headers=animateur)
    assert f"Synthèse figée n°\u00a0{synthesis_id[:8]}" in html.get_data(as_text=True)

    second = client.post("/api/v1/syntheses", json={"territory": HOME}, headers=animateur)
    listed = client.get(f"/api/v1/syntheses/issued?territory={HOME}", headers=animateur).json
    for hostile in ("", "?territory=" + "x" * 500, "?territory="):
        refused = client.get(f"/api/v1/syntheses/issued{hostile}", headers=animateur)
        assert refused.status_code == 422, hostile
    assert [s["id"] for s in listed] == [second.json["id"], synthesis_id]
    assert listed[1]["observations"] == "48" and listed[0]["observations"] == "68"

    from backend.models import AuditEvent, Synthesis

    events = db_session.query(AuditEvent).filter_by(action="synthesis.issue").all()
    assert {e.target_id for e in events} == {synthesis_id, second.json["id"]}
    stored = db_session.get(Synthesis, uuid.UUID(synthesis_id))
    assert stored.snapshot["rows"] == 48 and len(stored.snapshot["rows_sha256"]) == 64
    assert stored.parameters["threshold"] == 11 and stored.package_version


def test_a_theme_and_a_period(client, reported, animateur):
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=19, hours=12)).isoformat()
    response = client.get(
        "/api/v1/syntheses",
        query_string={"territory": HOME, "theme": "proprete", "since": since},
        headers=animateur,
    )
    content = response.json
    assert content["title"].startswith("Propreté, déchets — ")
    assert content["theme"]["code"] == "proprete" and content["period"]["since"]
    # 20 reports on cleanliness, from two veilleurs only: withheld, and said to be so.
    reports = content["key_figures"]["observations"]
    assert reports["value"] is None and reports["few_contributors"] is True
    assert content["disclosure"]["mostly_suppressed"] is True


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"territory": HOME, "theme": "inconnu"}, 422),
        ({"territory": "QP999999"}, 404),
        ({"territory": HOME, "format": "docx"}, 422),
        (
            {
                "territory": HOME,
                "since": "2026-05-01T00:00:00+02:00",
                "until": "2026-04-01T00:00:00+02:00",
            },
            422,
        ),
    ],
)
def test_bad_requests(client, animateur, query, status):
    response = client.get("/api/v1/syntheses", query_string=query, headers=animateur)
    assert response.status_code == status
    assert response.json["message"]


def test_an_unknown_synthesis_is_not_found(client, animateur):
    response = client.get(f"/api/v1/syntheses/{uuid.uuid4()}", headers=animateur)
    assert response.status_code == 404


def test_the_cli_writes_a_synthesis(runner, reported, tmp_path):
    output = tmp_path / "synthese.csv"
    result = runner.invoke(
        args=["synthesis", "--territory", HOME, "--format", "csv", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "48 signalements" in result.output.replace("\u00a0", " ")
    rows = list(csv.DictReader(output.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["table"] == "chiffres_cles" and rows[0]["value"] == "48"
    issued = runner.invoke(
        args=["synthesis", "--territory", HOME, "--theme", "proprete", "--since", "2026-01-01",
              "--format", "html", "--output", str(tmp_path / "s.html"), "--issue"]
    )  # fmt: skip
    assert issued.exit_code == 0 and "synthèse figée n°" in issued.output
    refused = runner.invoke(
        args=["synthesis", "--territory", "QP999999", "--format", "json", "--output", str(output)]
    )
    assert refused.exit_code == 1 and "Territoire inconnu" in refused.output


def test_the_indicators_beside_commune_epci_and_france_with_sources_and_vintages(
    runner, client, reported, animateur
):
    from tests.backend.test_indicators import import_filosofi, import_qpv

    import_qpv(runner)
    import_filosofi(runner)
    content = client.get(f"/api/v1/syntheses?territory={HOME}", headers=animateur).json
    section = content["indicators"]
    assert [level["level"] for level in section["levels"]] == ["commune", "EPCI", "France"]
    poverty = next(r for r in section["rows"] if r["indicator"] == "tp60")
    assert (poverty["value"], poverty["period"], poverty["source"]) == (
        39.1,
        2015,
        "Insee, données QPV",
    )
    commune = poverty["references"]["commune"]
    assert (commune["value"], commune["period"]) == (15.0, 2016)
    assert commune["difference_display"] == "+24,1\u00a0pt" and "Millésimes" in commune["warning"]
    sources = {s["source"]: s["periods"] for s in section["sources"]}
    assert (
        sources["Insee, données QPV"] == [2015]
        and 2016 in sources["Insee, Filosofi 2016 (communes)"]
    )
    page = client.get(f"/api/v1/syntheses?territory={HOME}&format=html", headers=animateur)
    text = page.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")
    assert "Insee, données QPV — millésime 2015" in text and "Taux de pauvreté" in text


def test_the_campaign_answers_that_bear_on_the_theme(client, make_user):
    """A *Vivre dans mon quartier* campaign on Grand Mirail: its satisfaction with cleanliness,
    and the share who name cleanliness among what they like or would change."""
    from analysis.survey_stats import simulate_responses
    from surveys import templates
    from tests.backend.test_campaigns import open_campaign
    from tests.backend.test_surveys import upload

    mirail = "QP031007"
    _, animateur = make_user("animateur", (mirail,))
    survey = upload(client, animateur, templates.source("vivre-dans-mon-quartier"), "vivre.md").json
    campaign = open_campaign(client, animateur, survey["id"], (mirail,), multiple_answers=True)
    _, resident = make_user("veilleur", (mirail,))
    definition = templates.load("vivre-dans-mon-quartier")
    for row in simulate_responses(
        definition, [{"sat_proprete": {"1": 3, "2": 1}}], [30], random_state=1
    ):
        response = client.post(
            f"/api/v1/campaigns/{campaign['id']}/responses",
            json={
                "id": str(uuid.uuid4()),
                "submitted_at": dt.datetime.now(dt.UTC).isoformat(),
                "answers": row["answers"],
            },
            headers=resident,
        )
        assert response.status_code == 201, response.json
    content = client.get(
        f"/api/v1/syntheses?territory={mirail}&theme=proprete", headers=animateur
    ).json
    (section,) = content["surveys"]
    assert section["campaign"] == "Vivre à Grand Mirail" and section["respondents"]["value"] == 30
    questions = {q["key"]: q for q in section["questions"]}
    assert set(questions) == {"sat_proprete", "aime", "changer"}
    assert questions["sat_proprete"]["score"]["mean"] < 2.5
    assert [c["name"] for c in questions["changer"]["choices"]] == ["proprete"]
    other = client.get(f"/api/v1/syntheses?territory={HOME}&theme=proprete", headers=animateur)
    assert other.status_code == 404  # not the animateur's territory

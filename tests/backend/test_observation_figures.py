"""The figures computed by the database (GET /observations/counts and /observations/map) equal a
count of the rows each person may list, under their scope and the filters, on both databases."""

from __future__ import annotations

import collections
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.backend.conftest import inside, observation_payload

THEMES = ("proprete", "mobilite", "tranquillite")
POLARITIES = ("difficulte", "ressource", "idee")
ALL = ["theme", "polarity", "month", "territory", "theme,month", "territory,polarity"]


@pytest.fixture
def varied(client, make_user):
    """36 reports over two QPV, three themes, three types and six months; one hidden."""
    muret, mosson = make_user("veilleur"), make_user("veilleur", ("QP034005",))
    made = []
    for i in range(36):
        who, code = (muret, "QP031001") if i % 4 else (mosson, "QP034005")
        when = dt.datetime(2026, 1 + i % 6, 1 + i % 27, 23, 30, tzinfo=dt.UTC)
        payload = observation_payload(
            location={"type": "Point", "coordinates": inside(code)},
            theme=THEMES[i % 3],
            polarity=POLARITIES[(i // 3) % 3],
            observed_at=when.isoformat(),
        )
        assert client.post("/api/v1/observations", json=payload, headers=who[1]).status_code == 201
        made.append(payload)
    _, moderator = make_user("animateur", ("QP031001",))
    hidden = made[1]["id"]
    response = client.patch(
        f"/api/v1/observations/{hidden}",
        json={"status": "hidden", "moderation_reason": "hors sujet"},
        headers=moderator,
    )
    assert response.status_code == 200
    return {"muret": muret, "mosson": mosson, "made": made}


def listed(client, headers, query=""):
    """Every observation the list gives this person (all pages)."""
    rows, page = [], 1
    while True:
        response = client.get(
            f"/api/v1/observations?page_size=100&page={page}{query}", headers=headers
        )
        assert response.status_code == 200
        rows += response.json
        if len(response.json) < 100:
            return rows
        page += 1


def expected_groups(rows, by):
    def value(row, dimension):
        if dimension == "month":  # the API gives UTC ISO dates; months are France's
            moment = dt.datetime.fromisoformat(row["observed_at"])
            return moment.astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m")
        return row[dimension]

    counts = collections.Counter(tuple(value(r, d) for d in by) for r in rows)
    return {key: n for key, n in counts.items()}


def got_groups(grouping):
    return {tuple(g[d] for d in grouping["by"]): g["count"] for g in grouping["groups"]}


def check(client, headers, query=""):
    rows = listed(client, headers, query)
    by = "".join(f"&by={b}" for b in ALL)
    response = client.get(f"/api/v1/observations/counts?{query}{by}", headers=headers)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["total"] == len(rows)
    assert [g["by"] for g in body["groupings"]] == [b.split(",") for b in ALL]
    for grouping in body["groupings"]:
        assert got_groups(grouping) == expected_groups(rows, grouping["by"])
        assert sum(g["count"] for g in grouping["groups"]) == len(rows)
    return body


@pytest.mark.parametrize(
    "role,territories",
    [("animateur", ("QP031001",)), ("analyste", ("QP031001",)), ("admin", ()), ("veilleur", None)],
)
def test_counts_equal_the_rows_each_role_may_list(client, varied, make_user, role, territories):
    headers = varied["muret"][1] if territories is None else make_user(role, territories)[1]
    body = check(client, headers)
    expected = {"animateur": 27, "analyste": 26, "admin": 36, "veilleur": 27}[role]
    assert body["total"] == expected
    if role != "admin":
        territories_seen = {g["territory"] for g in body["groupings"][3]["groups"]}
        assert territories_seen == {"QP031001"}


@pytest.mark.parametrize(
    "query",
    [
        "&theme=proprete",
        "&polarity=idee",
        "&territory=QP034005",
        "&since=2026-03-01T00:00:00Z&until=2026-05-01T00:00:00Z",
        "&theme=mobilite&polarity=difficulte&since=2026-02-01T00:00:00Z",
    ],
)
def test_counts_equal_the_rows_under_filters(client, varied, make_user, query):
    _, admin = make_user("admin", ())
    body = check(client, admin, query)
    assert 0 < body["total"] < 36


def test_months_are_french_months(client, varied, make_user):
    """A report made at 00:30 on the 1st of July in France (22:30 UTC on the 30th of June) counts
    in July, as the resident and the facilitator read it — on both databases."""
    _, admin = make_user("admin", ())
    body = client.get("/api/v1/observations/counts?by=month", headers=admin).json
    assert [g["month"] for g in body["groupings"][0]["groups"]] == [
        f"2026-0{m}" for m in range(1, 7)
    ]
    late = observation_payload(observed_at="2026-06-30T22:30:00+00:00")
    assert (
        client.post("/api/v1/observations", json=late, headers=varied["muret"][1]).status_code
        == 201
    )
    body = client.get("/api/v1/observations/counts?by=month", headers=admin).json
    assert {g["month"]: g["count"] for g in body["groupings"][0]["groups"]}["2026-07"] == 1


@pytest.mark.parametrize("by", ["colour", "theme,theme", "theme,month,polarity", "", "x" * 60])
def test_unknown_groupings_are_refused_in_french(client, varied, by):
    response = client.get(f"/api/v1/observations/counts?by={by}", headers=varied["muret"][1])
    assert response.status_code == 422
    assert "by" in str(response.json)


def test_too_many_groupings_are_refused(client, varied):
    query = "&".join(["by=theme"] * 9)
    response = client.get(f"/api/v1/observations/counts?{query}", headers=varied["muret"][1])
    assert response.status_code == 422


def test_counts_need_an_account(client):
    assert client.get("/api/v1/observations/counts?by=theme").status_code == 401


FRANCE = "-5.5,41.0,10.0,51.5"


def test_map_gives_points_when_few_and_cells_otherwise(client, varied, make_user, monkeypatch):
    from backend.services import observation_figures

    _, admin = make_user("admin", ())
    few = client.get(f"/api/v1/observations/map?bbox={FRANCE}&zoom=6", headers=admin).json
    assert few["total"] == 36 and len(few["points"]) == 36 and few["cells"] is None
    assert {p["id"] for p in few["points"]} == {m["id"] for m in varied["made"]}
    # Beyond the threshold, a grid: the cells hold every observation of the view, once.
    monkeypatch.setattr(observation_figures, "POINTS_MAX", 10)
    many = client.get(f"/api/v1/observations/map?bbox={FRANCE}&zoom=6", headers=admin).json
    assert many["points"] is None
    assert sum(c["count"] for c in many["cells"]) == many["total"] == 36
    assert len(many["cells"]) == 2  # Muret and Montpellier, far apart at zoom 6
    for cell in many["cells"]:
        assert cell["difficulte"] + cell["ressource"] + cell["idee"] == cell["count"]


def test_map_follows_scope_and_view(client, varied, make_user):
    _, analyst = make_user("analyste", ("QP031001",))
    body = client.get(f"/api/v1/observations/map?bbox={FRANCE}&zoom=6", headers=analyst).json
    assert body["total"] == 26
    lon, lat = inside("QP034005")
    around_mosson = f"{lon - 0.05},{lat - 0.05},{lon + 0.05},{lat + 0.05}"
    _, admin = make_user("admin", ())
    body = client.get(f"/api/v1/observations/map?bbox={around_mosson}&zoom=14", headers=admin).json
    assert body["total"] == 9


@pytest.mark.parametrize("query", ["zoom=6", f"bbox={FRANCE}", f"bbox={FRANCE}&zoom=40"])
def test_map_needs_a_view(client, varied, query):
    response = client.get(f"/api/v1/observations/map?{query}", headers=varied["muret"][1])
    assert response.status_code == 422

"""Ateliers through the API, on both databases: an organiser prepares and projects one,
participants join with its code (anonymous or with their account), answer, post and support
ideas; the room sees distributions only from the threshold on; the record is frozen at the end,
exported and quoted by the territory's synthesis; the cooperation barometer compares ateliers."""

from __future__ import annotations

import csv
import io
import uuid

import openpyxl
import pytest

HOME, AWAY = "QP031001", "QP034005"
SCALE = ["concurrence", "coexistence", "communication", "assistance", "coordination"]
STEPS = [
    {"kind": "synthese", "title": "Le portrait du quartier"},
    {"kind": "cooperation"},
    {"kind": "gommettes", "question": "Où agir d'abord ?", "items": ["Propreté", "Mobilité", "Santé"], "dots": 3},
    {"kind": "pas_de_cote"},
    {"kind": "note", "question": "Cet atelier vous a-t-il été utile ?"},
    {"kind": "priorites", "question": "Vos priorités"},
    {"kind": "texte_court", "question": "Un mot pour finir"},
    {"kind": "choix_multiple", "question": "Qui manque ?", "choices": ["Bailleurs", "Écoles", "Commerces"]},
]  # fmt: skip


def create(client, headers, territory=HOME, **overrides):
    body = {
        "territory": territory,
        "title": "Atelier Coopérations",
        "held_on": "2026-03-12",
        "steps": STEPS,
        **overrides,
    }
    return client.post("/api/v1/ateliers", json=body, headers=headers)


@pytest.fixture
def animateur(make_user):
    return make_user("animateur", (HOME,))[1]


@pytest.fixture
def atelier(client, animateur):
    response = create(client, animateur)
    assert response.status_code == 201, response.json
    return response.json


def join(client, code, **extra):
    headers = extra.pop("headers", {})
    response = client.post("/api/v1/ateliers/join", json={"code": code, **extra}, headers=headers)
    assert response.status_code == 201, response.json
    return {"X-Participation": response.json["token"]}


def move(client, headers, atelier_id, **body):
    response = client.patch(f"/api/v1/ateliers/{atelier_id}", json=body, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def answer(client, token, step, value, answer_id=None):
    return client.post(
        "/api/v1/ateliers/participation/answers",
        json={"id": answer_id or str(uuid.uuid4()), "step": step, "value": value},
        headers=token,
    )


def test_an_organiser_prepares_an_atelier_with_a_short_code(client, atelier, animateur):
    assert atelier["status"] == "preparation" and atelier["current_step"] is None
    assert len(atelier["join_code"]) == 6 and atelier["threshold"] == 5
    assert atelier["steps"][1]["question"] == "Où en est notre coopération ?"
    # A ranking without items ranks the themes of the thesaurus.
    assert "Propreté" in " ".join(atelier["steps"][5]["items"]) or atelier["steps"][5]["items"]
    listed = client.get(f"/api/v1/ateliers?territory={HOME}", headers=animateur).json
    assert [a["id"] for a in listed] == [atelier["id"]]


@pytest.mark.parametrize(
    ("steps", "field"),
    [
        ([], "steps"),
        ([{"kind": "sondage"}], "steps"),
        ([{"kind": "choix_unique", "question": "Q", "choices": ["seul"]}], "steps"),
        ([{"kind": "gommettes", "question": "Q", "items": ["a", "b"], "dots": 500}], "steps"),
        ([{"kind": "texte_court", "question": "x" * 301}], "steps"),
    ],
)
def test_bad_steps_are_refused_in_french(client, animateur, steps, field):
    response = create(client, animateur, steps=steps)
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_only_organisers_of_the_territory_run_ateliers(client, make_user, atelier, animateur):
    _, veilleur = make_user("veilleur", (HOME,))
    _, analyste = make_user("analyste", (HOME,))
    _, away = make_user("animateur", (AWAY,))
    assert create(client, veilleur).status_code == 403
    assert create(client, analyste).status_code == 403
    assert create(client, animateur, territory=AWAY).status_code == 404
    path = f"/api/v1/ateliers/{atelier['id']}"
    assert client.get(path, headers=analyste).status_code == 200
    assert client.get(path, headers=veilleur).status_code == 403
    assert client.get(path, headers=away).status_code == 404
    assert client.patch(path, json={"step": 1}, headers=analyste).status_code == 403
    assert client.patch(path, json={"step": 1}, headers=away).status_code == 404
    assert client.get(f"{path}/live", headers=away).status_code == 404


def test_a_room_answers_and_the_screen_shows_distributions_from_the_threshold(
    client, atelier, animateur
):
    move(client, animateur, atelier["id"], step=1)
    phones = [join(client, atelier["join_code"].lower(), role="habitant") for _ in range(5)]
    live = f"/api/v1/ateliers/{atelier['id']}/live"
    for i, phone in enumerate(phones[:4]):
        assert answer(client, phone, 1, SCALE[i % 2 + 2]).status_code == 201
        view = client.get(live, headers=animateur).json
        assert view["step"]["results"] == {"answers": i + 1, "threshold": 5, "shown": False}
    # What a phone sees: the step projected and its own answer, not the others'.
    mine = client.get("/api/v1/ateliers/participation", headers=phones[0]).json
    assert mine["step"]["kind"] == "cooperation" and mine["my_answer"]["value"] == "communication"
    assert "join_code" not in mine
    assert answer(client, phones[4], 1, "coordination").status_code == 201
    results = client.get(live, headers=animateur).json["step"]["results"]
    assert results["shown"] and results["answers"] == 5
    assert {r["name"]: r["count"] for r in results["rows"]} == {
        "concurrence": 0, "coexistence": 0, "communication": 2, "assistance": 2, "coordination": 1,
    }  # fmt: skip
    assert results["mean_level"] == 3.8
    assert client.get(live, headers=animateur).json["participants"] == 5


def test_answers_are_idempotent_by_client_id_and_a_new_one_replaces_the_old(
    client, atelier, animateur
):
    move(client, animateur, atelier["id"], status="en_cours")
    phone = join(client, atelier["join_code"])
    answer_id = str(uuid.uuid4())
    assert answer(client, phone, 1, "assistance", answer_id).status_code == 201
    assert answer(client, phone, 1, "assistance", answer_id).status_code == 200  # a replay
    assert answer(client, phone, 1, "coordination").status_code == 201  # a change of mind
    # A late replay of the first answer (its response was lost) changes nothing.
    assert answer(client, phone, 1, "assistance", answer_id).status_code == 200
    assert client.get("/api/v1/ateliers/participation", headers=phone).json["my_answer"] is None
    view = client.get("/api/v1/ateliers/participation", headers=phone).json
    assert view["step"]["number"] == 0
    live = client.get(f"/api/v1/ateliers/{atelier['id']}/live", headers=animateur).json
    assert live["step"]["number"] == 0
    move(client, animateur, atelier["id"], step=1)
    mine = client.get("/api/v1/ateliers/participation", headers=phone).json["my_answer"]
    assert mine["value"] == "coordination"
    record = client.get(f"/api/v1/ateliers/{atelier['id']}/record", headers=animateur).json
    assert record["steps"][1]["results"]["answers"] == 1
    # Someone else's client id is not a way to change their answer.
    other = join(client, atelier["join_code"])
    assert answer(client, other, 1, "concurrence", answer_id).status_code == 409


@pytest.mark.parametrize(
    ("step", "value"),
    [
        (1, "fusion"),
        (1, ["assistance"]),
        (2, {"Propreté": 4}),
        (2, {"Piscine": 1}),
        (2, {"Propreté": -1, "Santé": 2}),
        (4, 6),
        (4, True),
        (6, "x" * 281),
        (6, "   "),
        (7, ["Écoles", "Écoles"]),
        (0, "rien"),
        (99, "assistance"),
    ],
)
def test_bad_answers_are_422_and_nothing_is_kept(client, atelier, animateur, step, value):
    phone = join(client, atelier["join_code"])
    response = answer(client, phone, step, value)
    assert response.status_code == 422, response.json
    assert response.json["message"]
    record = client.get(f"/api/v1/ateliers/{atelier['id']}/record", headers=animateur).json
    assert all(s.get("results", {}).get("answers", 0) == 0 for s in record["steps"])


def test_participants_need_their_token(client, atelier):
    assert client.get("/api/v1/ateliers/participation").status_code == 401
    headers = {"X-Participation": "pas-un-jeton"}
    assert client.get("/api/v1/ateliers/participation", headers=headers).status_code == 401
    assert answer(client, headers, 1, "assistance").status_code == 401
    response = client.post("/api/v1/ateliers/join", json={"code": "ZZZZZZ"})
    assert response.status_code == 404 and "code" in response.json["message"]


def test_ideas_are_posted_supported_once_and_ranked(client, atelier, animateur):
    move(client, animateur, atelier["id"], step=3)
    phones = [join(client, atelier["join_code"]) for _ in range(3)]
    ideas = []
    for i, phone in enumerate(phones[:2]):
        body = {"id": str(uuid.uuid4()), "step": 3, "text": f"Un  jardin partagé {i}"}
        response = client.post("/api/v1/ateliers/participation/ideas", json=body, headers=phone)
        assert response.status_code == 201 and response.json["text"] == f"Un jardin partagé {i}"
        again = client.post("/api/v1/ateliers/participation/ideas", json=body, headers=phone)
        assert again.status_code == 200
        ideas.append(body["id"])
    support = f"/api/v1/ateliers/participation/ideas/{ideas[1]}/support"
    for phone in phones:
        assert client.put(support, headers=phone).status_code == 204
    assert client.put(support, headers=phones[2]).status_code == 204  # twice counts once
    wall = client.get("/api/v1/ateliers/participation", headers=phones[2]).json["step"]["ideas"]
    assert [(i["text"], i["supports"], i["supported"]) for i in wall] == [
        ("Un jardin partagé 1", 3, True),
        ("Un jardin partagé 0", 0, False),
    ]
    assert client.delete(support, headers=phones[2]).status_code == 204
    live = client.get(f"/api/v1/ateliers/{atelier['id']}/live", headers=animateur).json
    assert [i["supports"] for i in live["step"]["ideas"]] == [2, 0]
    bad = {"id": str(uuid.uuid4()), "step": 1, "text": "ailleurs"}
    assert (
        client.post("/api/v1/ateliers/participation/ideas", json=bad, headers=phones[0])
    ).status_code == 422
    missing = f"/api/v1/ateliers/participation/ideas/{uuid.uuid4()}/support"
    assert client.put(missing, headers=phones[0]).status_code == 404


def run_atelier(client, atelier, animateur, make_user, people=6):
    """People answer the cooperation scale, dot-vote, post ideas, rank; then it ends."""
    move(client, animateur, atelier["id"], step=1)
    roles = ["elu", "technicien", "association", "habitant", "habitant", "habitant"]
    phones = [join(client, atelier["join_code"], role=roles[i % 6]) for i in range(people - 1)]
    _, account = make_user("veilleur", (HOME,))
    phones.append(join(client, atelier["join_code"], role="habitant", headers=account))
    for i, phone in enumerate(phones):
        assert answer(client, phone, 1, SCALE[2 + i % 3]).status_code == 201
        assert answer(client, phone, 2, {"Propreté": 2, "Santé": 1}).status_code == 201
        body = {"id": str(uuid.uuid4()), "step": 3, "text": f"Idée {i}"}
        assert (
            client.post("/api/v1/ateliers/participation/ideas", json=body, headers=phone)
        ).status_code == 201
    items = client.get(f"/api/v1/ateliers/{atelier['id']}", headers=animateur).json["steps"][5]
    for phone in phones:
        assert answer(client, phone, 5, items["items"][:3]).status_code == 201
    ended = move(client, animateur, atelier["id"], status="termine")
    assert ended["status"] == "termine" and ended["ended_at"]
    return phones, account


def test_the_record_is_frozen_exported_and_quoted_by_the_synthesis(
    client, atelier, animateur, make_user
):
    phones, _ = run_atelier(client, atelier, animateur, make_user)
    path = f"/api/v1/ateliers/{atelier['id']}"
    # Ended: nothing more is accepted, and the record no longer moves.
    assert answer(client, phones[0], 1, "concurrence").status_code == 409
    assert (
        client.post("/api/v1/ateliers/join", json={"code": atelier["join_code"]}).status_code == 409
    )
    assert client.patch(path, json={"step": 2}, headers=animateur).status_code == 409
    record = client.get(f"{path}/record", headers=animateur).json
    assert record["frozen"] and record["attendance"]["total"] == 6
    habitants = next(r for r in record["attendance"]["by_role"] if r["role"] == "habitant")
    assert habitants == {"role": "habitant", "label": "Habitant·e", "count": None, "fewer": True}
    dots = record["steps"][2]["results"]
    assert dots["order"][0] == "Propreté" and dots["rows"][0]["count"] == 12
    assert "display_name" not in str(record) and "token" not in str(record)
    # CSV and XLSX through the neutralising writers; the PDF through the synthesis' machinery.
    text = client.get(f"{path}/record?format=csv", headers=animateur).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"Propreté", "Coordination", "Idée 0", "Habitant·e"} <= {r["proposition"] for r in rows}
    xlsx = client.get(f"{path}/record?format=xlsx", headers=animateur)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.cell(1, 1).value == "etape" and sheet.max_row == len(rows) + 1
    pdf = client.get(f"{path}/record?format=pdf", headers=animateur)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The territory's synthesis now says what the atelier said.
    html = client.get(f"/api/v1/syntheses?territory={HOME}&format=html", headers=animateur)
    page = html.get_data(as_text=True).replace("\xa0", " ")
    assert "Ce qu’en dit l’atelier du 12 mars 2026" in page and "Idée 0" in page
    synthesis = client.get(f"/api/v1/syntheses?territory={HOME}", headers=animateur).json
    assert synthesis["ateliers"][0]["id"] == atelier["id"]


def test_the_pdf_record_holds_the_results(client, atelier, animateur, make_user, tmp_path):
    from tests.pwa.console.syntheses_steps import pdf_text

    run_atelier(client, atelier, animateur, make_user)
    pdf = client.get(f"/api/v1/ateliers/{atelier['id']}/record?format=pdf", headers=animateur)
    text = pdf_text(pdf.data, tmp_path)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) absent")
    assert "Atelier Coopérations" in text and "Idée 3" in text and "Coordination" in text


def test_the_barometer_compares_ateliers_over_time(client, animateur, make_user):
    first = create(client, animateur, held_on="2026-03-12").json
    run_atelier(client, first, animateur, make_user)
    second = create(client, animateur, held_on="2026-06-18", title="Atelier de juin").json
    move(client, animateur, second["id"], step=1)
    for _ in range(5):
        assert (
            answer(client, join(client, second["join_code"]), 1, "coordination").status_code == 201
        )
    move(client, animateur, second["id"], status="termine")
    points = client.get(f"/api/v1/ateliers/barometer?territory={HOME}", headers=animateur).json
    assert [p["held_on"] for p in points["points"]] == ["2026-03-12", "2026-06-18"]
    assert points["points"][0]["mean_level"] == 4.0 and points["points"][1]["mean_level"] == 5.0
    assert points["points"][1]["change"] == 1.0
    _, away = make_user("analyste", (AWAY,))
    assert (
        client.get(f"/api/v1/ateliers/barometer?territory={HOME}", headers=away).status_code == 404
    )


def test_an_accounts_participation_is_in_its_export_and_goes_with_it(
    client, atelier, animateur, make_user
):
    _, account = make_user("veilleur", (HOME,))
    move(client, animateur, atelier["id"], step=1)
    phone = join(client, atelier["join_code"], headers=account, display_name="Samia")
    assert answer(client, phone, 1, "assistance").status_code == 201
    exported = client.get("/api/v1/me/export", headers=account).json
    [participation] = exported["atelier_participations"]
    assert participation["display_name"] == "Samia" and "token_hash" not in participation
    assert participation["answers"][0]["value"] == "assistance"
    assert client.delete(
        "/api/v1/me", json={"password": "mot-de-passe-solide"}, headers=account
    ).status_code in (200, 204)
    record = client.get(f"/api/v1/ateliers/{atelier['id']}/record", headers=animateur).json
    assert record["steps"][1]["results"]["answers"] == 0
    assert client.get("/api/v1/ateliers/participation", headers=phone).status_code == 401


def test_the_event_stream_sends_the_live_view_and_is_bounded(app, client, atelier, animateur):
    app.config["ATELIER_STREAM_SECONDS"] = 1
    move(client, animateur, atelier["id"], step=1)
    response = client.get(f"/api/v1/ateliers/{atelier['id']}/events", headers=animateur)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    body = response.get_data(as_text=True)  # ends by itself after ATELIER_STREAM_SECONDS
    assert (
        "event: live" in body
        and '"cooperation"' in body
        and body.endswith("event: fin\ndata: {}\n\n")
    )
    app.config["ATELIER_MAX_STREAMS"] = 0
    try:
        refused = client.get(f"/api/v1/ateliers/{atelier['id']}/events", headers=animateur)
        assert refused.status_code == 429 and "chaque seconde" in refused.json["message"]
    finally:
        app.config["ATELIER_MAX_STREAMS"] = 4
        app.config["ATELIER_STREAM_SECONDS"] = 25


def test_a_phone_polling_without_change_gets_304(client, atelier, animateur):
    move(client, animateur, atelier["id"], step=1)
    phone = join(client, atelier["join_code"])
    first = client.get("/api/v1/ateliers/participation", headers=phone)
    assert first.status_code == 200 and first.headers["ETag"]
    again = {**phone, "If-None-Match": first.headers["ETag"]}
    assert client.get("/api/v1/ateliers/participation", headers=again).status_code == 304
    assert answer(client, phone, 1, "assistance").status_code == 201  # something changed
    fresh = client.get("/api/v1/ateliers/participation", headers=again)
    assert fresh.status_code == 200 and fresh.json["my_answer"]["value"] == "assistance"
    move(client, animateur, atelier["id"], step=2)  # the organiser moves on
    moved = {**phone, "If-None-Match": fresh.headers["ETag"]}
    assert client.get("/api/v1/ateliers/participation", headers=moved).json["step"]["number"] == 2


def test_retention_unlinks_old_participations_from_their_account(
    app, client, atelier, animateur, make_user
):
    import datetime as dt

    from backend.extensions.database import db
    from backend.models import AtelierParticipant
    from backend.services import retention

    _, account = make_user("veilleur", (HOME,))
    move(client, animateur, atelier["id"], step=1)
    phone = join(client, atelier["join_code"], headers=account, display_name="Samia")
    assert answer(client, phone, 1, "assistance").status_code == 201
    with app.test_request_context():
        policy = retention.RetentionPolicy(months=36, audit_months=60, grid_m=100)
        retention.apply(policy, dt.datetime.now(dt.UTC) + dt.timedelta(days=31 * 40))
        db.session.commit()
        kept = db.session.scalars(db.select(AtelierParticipant)).all()
        assert [(p.user_id, p.display_name) for p in kept] == [(None, None)]
        # The answer still counts (sessions ended with the retention: read it in place).
        from backend.models import Atelier
        from backend.services import ateliers

        stored = db.session.get(Atelier, uuid.UUID(atelier["id"]))
        assert ateliers.record(stored)["steps"][1]["results"]["answers"] == 1

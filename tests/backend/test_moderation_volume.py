"""Moderation at the volume of a city: text search whatever the case and accents (both
databases), bulk actions in one transaction (bounded, all or nothing, each audited), and a hidden
report its author rewrites comes back to the queue."""

from __future__ import annotations

import io
import uuid

from tests.backend.conftest import observation_payload
from tests.backend.test_photos import jpeg_with_gps, upload


def report(client, headers, text):
    response = client.post(
        "/api/v1/observations", json=observation_payload(text=text), headers=headers
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def texts(client, headers, query):
    return sorted(
        o["text"] for o in client.get(f"/api/v1/observations?{query}", headers=headers).json
    )


def test_text_search_ignores_case_and_accents(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    _, resident = make_user("veilleur")
    report(client, resident, "Éclairage en panne rue Gounod")
    report(client, resident, "ECLAIRAGE public trop faible")
    report(client, resident, "Encombrants devant le bâtiment C")
    report(client, resident, "Remise à 50%_ du loyer ?")
    assert texts(client, animateur, "q=eclairage") == [
        "ECLAIRAGE public trop faible",
        "Éclairage en panne rue Gounod",
    ]
    assert texts(client, animateur, "q=BATIMENT") == ["Encombrants devant le bâtiment C"]
    assert texts(client, animateur, "q=éclairage%20GOUNOD") == ["Éclairage en panne rue Gounod"]
    assert texts(client, animateur, "q=%25_") == ["Remise à 50%_ du loyer ?"]
    assert texts(client, animateur, "q=piscine") == []
    assert client.get("/api/v1/observations?q=" + "x" * 101, headers=animateur).status_code == 422


def test_bulk_moderation_is_all_or_nothing_and_audited(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    _, resident = make_user("veilleur")
    _, foreigner = make_user("veilleur", ("QP034005",))
    ids = [report(client, resident, f"Tag sur le mur n°{i}") for i in range(3)]
    from tests.backend.conftest import inside

    foreign = client.post(
        "/api/v1/observations",
        json=observation_payload(location={"type": "Point", "coordinates": inside("QP034005")}),
        headers=foreigner,
    ).json["id"]

    bulk = "/api/v1/observations/bulk"
    mixed = client.post(bulk, json={"ids": [*ids, foreign], "action": "review"}, headers=animateur)
    assert mixed.status_code == 404
    assert texts(client, animateur, "reviewed=false") == sorted(
        f"Tag sur le mur n°{i}" for i in range(3)
    )

    no_reason = client.post(
        bulk, json={"ids": ids, "action": "hide", "reason": " "}, headers=animateur
    )
    assert no_reason.status_code == 422
    too_many = client.post(
        bulk,
        json={"ids": [str(uuid.uuid4()) for _ in range(201)], "action": "review"},
        headers=animateur,
    )
    assert too_many.status_code == 422
    assert (
        client.post(bulk, json={"ids": ids, "action": "review"}, headers=resident).status_code
        == 403
    )

    done = client.post(
        bulk, json={"ids": ids[:2], "action": "hide", "reason": "Doublon"}, headers=animateur
    )
    assert done.status_code == 200 and done.json == {"count": 2, "action": "hide"}
    retheme = client.post(
        bulk, json={"ids": [ids[2]], "action": "theme", "theme": "tranquillite"}, headers=animateur
    )
    assert retheme.status_code == 200
    unknown = client.post(
        bulk, json={"ids": ids, "action": "theme", "theme": "rien"}, headers=animateur
    )
    assert unknown.status_code == 422
    hidden = client.get("/api/v1/observations?status=hidden", headers=animateur).json
    assert sorted(o["id"] for o in hidden) == sorted(ids[:2])
    assert {o["moderation_reason"] for o in hidden} == {"Doublon"}
    assert texts(client, animateur, "reviewed=false") == []

    _, admin = make_user("admin", ())
    audit = client.get("/api/v1/audit?action=observation.hide", headers=admin).json
    assert sorted(e["target_id"] for e in audit) == sorted(ids[:2])
    corrected = client.get("/api/v1/audit?action=observation.theme_correct", headers=admin).json
    assert [e["target_id"] for e in corrected] == [ids[2]]


def test_a_hidden_report_rewritten_by_its_author_returns_to_the_queue(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    _, resident = make_user("veilleur")
    observation_id = report(client, resident, "Texte injurieux")
    client.patch(
        f"/api/v1/observations/{observation_id}",
        json={"status": "hidden", "moderation_reason": "Merci de reformuler poliment."},
        headers=animateur,
    )
    assert texts(client, animateur, "reviewed=false") == []
    same = client.patch(
        f"/api/v1/observations/{observation_id}", json={"text": "Texte injurieux"}, headers=resident
    )
    assert same.status_code == 200 and texts(client, animateur, "reviewed=false") == []
    rewritten = client.patch(
        f"/api/v1/observations/{observation_id}",
        json={"text": "Le local poubelles déborde depuis une semaine."},
        headers=resident,
    )
    assert rewritten.status_code == 200
    assert rewritten.json["status"] == "hidden" and rewritten.json["reviewed"] is False
    assert texts(client, animateur, "reviewed=false") == [
        "Le local poubelles déborde depuis une semaine."
    ]


def replace(client, headers, observation_id, photo_id, data):
    return client.put(
        f"/api/v1/observations/{observation_id}/photos/{photo_id}",
        data={"file": (io.BytesIO(data), "nouvelle.jpg")},
        headers=headers,
        content_type="multipart/form-data",
    )


def test_a_resident_replaces_a_photo_an_animateur_asked_to_retake(client, make_user):
    _, animateur = make_user("animateur", ("QP031001",))
    _, resident = make_user("veilleur")
    _, other = make_user("veilleur")
    observation_id = report(client, resident, "Fuite d'eau dans la cage d'escalier")
    old = upload(client, resident, observation_id, jpeg_with_gps(60, 40)).json
    client.patch(
        f"/api/v1/observations/{observation_id}",
        json={"status": "hidden", "moderation_reason": "Photo floue : pouvez-vous la reprendre ?"},
        headers=animateur,
    )
    assert (
        replace(client, other, observation_id, old["id"], jpeg_with_gps(80, 60)).status_code == 404
    )
    unknown = replace(client, resident, observation_id, uuid.uuid4(), jpeg_with_gps(80, 60))
    assert unknown.status_code == 404
    broken = replace(client, resident, observation_id, old["id"], b"pas une image")
    assert broken.status_code == 422

    new = replace(client, resident, observation_id, old["id"], jpeg_with_gps(80, 60))
    assert new.status_code == 200, new.json
    assert new.json["id"] != old["id"] and new.json["width"] in (60, 80)
    stored = client.get(f"/api/v1/observations/{observation_id}", headers=resident).json
    assert [p["id"] for p in stored["photos"]] == [new.json["id"]]
    assert stored["reviewed"] is False  # back in the queue, to be read again
    assert client.get(f"/api/v1/photos/{old['id']}", headers=resident).status_code == 404
    assert client.get(f"/api/v1/photos/{new.json['id']}", headers=resident).status_code == 200

"""The authorisation matrix, generated from the OpenAPI spec: every operation × every role ×
the target's relation to the caller (their own contribution, a neighbour's in their territory,
one in a foreign territory), asserting the status and that nothing foreign appears in any list,
export or result. An operation added to the API without a line here fails the test.
"""

from __future__ import annotations

import dataclasses
import io
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.backend.conftest import inside, observation_payload
from tests.backend.test_photos import jpeg_with_gps

ROLES = ("anonyme", "veilleur", "animateur", "analyste", "admin")
ORGANISERS = ("animateur", "analyste")
HOME, AWAY = "QP031001", "QP034005"


@dataclasses.dataclass
class World:
    client: Any
    headers: dict[str, dict[str, str]]  # role -> Authorization header (home territory)
    users: dict[str, Any]
    make_user: Callable[..., Any]
    observations: dict[str, dict[str, Any]]  # own | neighbour | foreign (relative to the veilleur)
    foreign_text: str

    def new_observation(self, relation: str, role: str, photo: bool = False) -> dict[str, Any]:
        """A fresh observation whose relation to ``role`` is ``relation`` (for destructive calls)."""
        if relation == "own" and role != "anonyme":
            author = self.headers[role]
            point = inside(HOME)
        elif relation == "foreign":
            author = self.make_user("veilleur", (AWAY,))[1]
            point = inside(AWAY)
        else:
            author = self.make_user("veilleur", (HOME,))[1]
            point = inside(HOME)
        item = observation_payload(location={"type": "Point", "coordinates": point})
        response = self.client.post("/api/v1/observations", json=item, headers=author)
        assert response.status_code == 201
        if photo:
            item["photo"] = self.client.post(
                f"/api/v1/observations/{item['id']}/photos",
                data={"file": (io.BytesIO(jpeg_with_gps(40, 30)), "p.jpg")},
                headers=author,
                content_type="multipart/form-data",
            ).json
        return {**item, "author": author}


@pytest.fixture
def world(client, make_user):
    headers, users = {}, {}
    for role in ROLES[1:]:
        user, header = make_user(role, (HOME,) if role != "admin" else ())
        headers[role], users[role] = header, user
    headers["anonyme"] = {}
    w = World(client, headers, users, make_user, {}, "texte d'un autre quartier")
    for relation in ("own", "neighbour", "foreign"):
        w.observations[relation] = w.new_observation(relation, "veilleur", photo=True)
    return w


def visible(role: str, relation: str) -> bool:
    """May ``role`` see an observation that is ``relation`` to the veilleur of HOME?"""
    if role == "admin":
        return True
    if role == "veilleur":
        return relation == "own"
    return relation in ("own", "neighbour")  # organisers see their territory


def for_observation(role: str, relation: str, *, author_only: int, organiser: int) -> int:
    """Status of an action on one observation, for a target made *for this role*."""
    if role == "anonyme":
        return 401
    if relation == "own":
        return author_only
    if role == "admin":
        return organiser if organiser != 403 else 403
    if role == "veilleur" or relation == "foreign":
        return 404  # never reveal that it exists
    return organiser


def call(world: World, method: str, path: str, role: str, **kwargs: Any):
    return world.client.open(path, method=method, headers=world.headers[role], **kwargs)


def check_no_leak(response, world: World, role: str) -> None:
    text = response.get_data(as_text=True)
    for relation, item in world.observations.items():
        if not visible(role, relation):
            assert item["id"] not in text, f"{role} sees a {relation} observation"


# Each operation: (method, path) -> function(world, role) -> list of (label, response, expected)
Cases = list[tuple[str, Any, int]]


def op_public(status: int) -> Callable[[World, str], Cases]:
    def run(world: World, role: str) -> Cases:
        return []  # public operations: covered by their own tests; declared here for completeness

    run.public = status  # type: ignore[attr-defined]
    return run


def authenticated(
    path: str,
    method: str = "GET",
    ok: int = 200,
    roles: tuple[str, ...] = ROLES[1:],
    leak: bool = False,
    **kwargs: Any,
):
    def run(world: World, role: str) -> Cases:
        response = call(world, method, path, role, **kwargs)
        expected = 401 if role == "anonyme" else ok if role in roles else 403
        if leak and response.status_code == 200:
            check_no_leak(response, world, role)
        return [(path, response, expected)]

    return run


def observation_counts(world: World, role: str) -> Cases:
    """Everyone counts what they may list: a foreign territory appears only for an admin."""
    response = call(world, "GET", "/api/v1/observations/counts?by=territory", role)
    if response.status_code == 200:
        (grouping,) = response.json["groupings"]
        seen = {g["territory"] for g in grouping["groups"]}
        assert (AWAY in seen) == (role == "admin"), f"{role} counts {seen}"
    return [("counts", response, 401 if role == "anonyme" else 200)]


def observation_read(world: World, role: str) -> Cases:
    cases = []
    for relation, item in world.observations.items():
        expected = 401 if role == "anonyme" else 200 if visible(role, relation) else 404
        cases.append(
            (relation, call(world, "GET", f"/api/v1/observations/{item['id']}", role), expected)
        )
        photo = item["photo"]["url"].split("?")[0]
        cases.append((f"photo {relation}", call(world, "GET", photo, role), expected))
    return cases


def observation_edit(world: World, role: str) -> Cases:
    cases = []
    for relation in ("own", "neighbour", "foreign"):
        item = world.new_observation(relation, role)
        response = call(
            world, "PATCH", f"/api/v1/observations/{item['id']}", role, json={"text": "modifié"}
        )
        cases.append(
            (relation, response, for_observation(role, relation, author_only=200, organiser=403))
        )
    return cases


def observation_delete(world: World, role: str) -> Cases:
    cases = []
    for relation in ("own", "neighbour", "foreign"):
        item = world.new_observation(relation, role)
        response = call(world, "DELETE", f"/api/v1/observations/{item['id']}", role)
        organiser = 204 if role == "admin" else 403
        cases.append(
            (
                relation,
                response,
                for_observation(role, relation, author_only=204, organiser=organiser),
            )
        )
    return cases


def follow_up(world: World, role: str) -> Cases:
    cases = []
    for relation, item in world.observations.items():
        response = call(
            world,
            "POST",
            f"/api/v1/observations/{item['id']}/follow-ups",
            role,
            json={"status": "lue"},
        )
        if role == "anonyme":
            expected = 401
        elif role in ("veilleur", "analyste"):
            expected = 403
        else:
            expected = 201 if visible(role, relation) else 404
        cases.append((relation, response, expected))
    return cases


def bulk_moderation(world: World, role: str) -> Cases:
    cases = []
    for relation, item in world.observations.items():
        body = {"ids": [item["id"]], "action": "review"}
        response = call(world, "POST", "/api/v1/observations/bulk", role, json=body)
        if role == "anonyme":
            expected = 401
        elif role in ("veilleur", "analyste"):
            expected = 403
        else:
            expected = 200 if visible(role, relation) else 404
        cases.append((relation, response, expected))
    return cases


def photo_attach(world: World, role: str) -> Cases:
    cases = []
    for relation in ("own", "neighbour", "foreign"):
        item = world.new_observation(relation, role)
        response = call(
            world,
            "POST",
            f"/api/v1/observations/{item['id']}/photos",
            role,
            data={"file": (io.BytesIO(jpeg_with_gps(30, 20)), "q.jpg")},
            content_type="multipart/form-data",
        )
        organiser = 201 if role == "admin" else 403
        cases.append(
            (
                relation,
                response,
                for_observation(role, relation, author_only=201, organiser=organiser),
            )
        )
    return cases


def photo_replace(world: World, role: str) -> Cases:
    cases = []
    for relation in ("own", "neighbour", "foreign"):
        item = world.new_observation(relation, role, photo=True)
        response = call(
            world,
            "PUT",
            f"/api/v1/observations/{item['id']}/photos/{item['photo']['id']}",
            role,
            data={"file": (io.BytesIO(jpeg_with_gps(30, 20)), "q.jpg")},
            content_type="multipart/form-data",
        )
        organiser = 200 if role == "admin" else 403
        expected = for_observation(role, relation, author_only=200, organiser=organiser)
        cases.append((relation, response, expected))
    return cases


def invites(world: World, role: str) -> Cases:
    cases = []
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        response = call(
            world, "POST", f"/api/v1/territories/{code}/invites", role, json={"max_uses": 2}
        )
        if role == "anonyme":
            expected = 401
        elif role == "admin" or (role == "animateur" and relation == "own"):
            expected = 201
        else:
            expected = 403
        cases.append((relation, response, expected))
    return cases


def survey_world(world: World) -> dict[str, Any]:
    """A published form, a campaign on HOME and one on AWAY, and a response from each side."""
    if hasattr(world, "surveys"):
        return world.surveys  # type: ignore[no-any-return,attr-defined]
    from tests.backend.test_campaigns import campaign_payload
    from tests.backend.test_responses import response_payload
    from tests.backend.test_surveys import FORM, upload

    admin = world.headers["admin"]
    survey = upload(world.client, admin, FORM).json
    campaigns = {
        relation: world.client.post(
            "/api/v1/campaigns",
            json=campaign_payload(survey["id"], (code,), multiple_answers=True),
            headers=admin,
        ).json
        for code, relation in ((HOME, "own"), (AWAY, "foreign"))
    }
    responses = {}
    for relation, author, campaign in (
        ("own", world.headers["veilleur"], campaigns["own"]),
        ("neighbour", world.make_user("veilleur", (HOME,))[1], campaigns["own"]),
        ("foreign", world.make_user("veilleur", (AWAY,))[1], campaigns["foreign"]),
    ):
        answer = world.client.post(
            f"/api/v1/campaigns/{campaign['id']}/responses", json=response_payload(), headers=author
        )
        assert answer.status_code == 201, answer.json
        responses[relation] = answer.json["id"]
    world.surveys = {"survey": survey, "campaigns": campaigns, "responses": responses}  # type: ignore[attr-defined]
    return world.surveys  # type: ignore[attr-defined]


def sees_response(role: str, relation: str) -> bool:
    return visible(role, relation)


def survey_reads(world: World, role: str) -> Cases:
    data = survey_world(world)
    survey_id = data["survey"]["id"]
    expected = 401 if role == "anonyme" else 200
    return [
        (path, call(world, "GET", path, role), expected)
        for path in (
            "/api/v1/surveys",
            f"/api/v1/surveys/{survey_id}",
            "/api/v1/surveys/templates",
            "/api/v1/surveys/templates/vivre-dans-mon-quartier",
        )
    ]


def survey_publish(world: World, role: str) -> Cases:
    from tests.backend.test_surveys import FORM, upload

    unique = (
        FORM.replace("Vivre à Grand Mirail", f"Vivre à Grand Mirail {role}")
        if "Vivre à Grand Mirail" in FORM
        else FORM
    )
    response = upload(world.client, world.headers[role], unique)
    expected = {"anonyme": 401, "veilleur": 403, "analyste": 403}.get(role, {200, 201})
    template = call(world, "POST", "/api/v1/surveys/templates/diagnostic-en-marchant", role)
    return [("upload", response, expected), ("template", template, expected)]


def campaign_create(world: World, role: str) -> Cases:
    from tests.backend.test_campaigns import campaign_payload

    survey_id = survey_world(world)["survey"]["id"]
    return [
        (
            relation,
            call(
                world, "POST", "/api/v1/campaigns", role, json=campaign_payload(survey_id, (code,))
            ),
            organiser_of(role, relation, 201),
        )
        for code, relation in ((HOME, "own"), (AWAY, "foreign"))
    ]


def campaign_reads(world: World, role: str) -> Cases:
    data = survey_world(world)
    listed = call(world, "GET", "/api/v1/campaigns", role)
    cases = [("list", listed, 401 if role == "anonyme" else 200)]
    if role not in ("anonyme", "admin"):
        assert data["campaigns"]["foreign"]["id"] not in listed.get_data(as_text=True), role
    for relation, campaign in data["campaigns"].items():
        cases.append(
            (
                relation,
                call(world, "GET", f"/api/v1/campaigns/{campaign['id']}", role),
                campaign_status(role, relation, 200),
            )
        )
    return cases


def campaign_status(role: str, relation: str, ok: int) -> int:
    """A campaign on another territory does not exist for anyone but an admin (404)."""
    if role == "anonyme":
        return 401
    return 404 if relation == "foreign" and role != "admin" else ok


def campaign_patch(world: World, role: str) -> Cases:
    data = survey_world(world)
    return [
        (
            relation,
            call(
                world,
                "PATCH",
                f"/api/v1/campaigns/{campaign['id']}",
                role,
                json={"title": f"Titre {role}"},
            ),
            404
            if (role, relation) == ("animateur", "foreign")
            else organiser_of(role, relation, 200),
        )
        for relation, campaign in data["campaigns"].items()
    ]


def app_user_ops(world: World, role: str) -> Cases:
    """ODK Collect access of a campaign: its organisers (animateurs, admins) only."""
    data = survey_world(world)
    cases = []
    for relation, campaign in data["campaigns"].items():
        path = f"/api/v1/campaigns/{campaign['id']}/app-users"
        expected = 404 if (role, relation) == ("animateur", "foreign") else None
        created = call(world, "POST", path, role, json={"name": f"Tablette {role}"})
        cases.append((f"create {relation}", created, expected or organiser_of(role, relation, 201)))
        listed = call(world, "GET", path, role)
        cases.append((f"list {relation}", listed, expected or organiser_of(role, relation, 200)))
        target = created.json["id"] if created.status_code == 201 else str(uuid.uuid4())
        revoked = call(world, "DELETE", f"{path}/{target}", role)
        ok = 200 if created.status_code == 201 else 404
        cases.append((f"revoke {relation}", revoked, expected or organiser_of(role, relation, ok)))
    return cases


def submission_import(world: World, role: str) -> Cases:
    """Importing Kobo/ODK data into a campaign: its organisers (animateurs, admins) only."""
    data = survey_world(world)
    cases = []
    for relation, campaign in data["campaigns"].items():
        response = call(
            world,
            "POST",
            f"/api/v1/campaigns/{campaign['id']}/imports",
            role,
            data={"file": (io.BytesIO(b"[]"), "vide.json")},
            content_type="multipart/form-data",
        )
        expected = 404 if (role, relation) == ("animateur", "foreign") else None
        cases.append((relation, response, expected or organiser_of(role, relation, 201)))
    return cases


def form_media_ops(world: World, role: str) -> Cases:
    """The form's files for ODK Collect: the campaign's organisers (animateurs, admins) only."""
    data = survey_world(world)
    cases = []
    for relation, campaign in data["campaigns"].items():
        path = f"/api/v1/campaigns/{campaign['id']}/media"
        expected = 404 if (role, relation) == ("animateur", "foreign") else None
        sent = call(
            world,
            "POST",
            path,
            role,
            data={"file": (io.BytesIO(b"name,label\na,A\n"), "liste.csv")},
            content_type="multipart/form-data",
        )
        cases.append((f"attach {relation}", sent, expected or organiser_of(role, relation, 201)))
        listed = call(world, "GET", path, role)
        cases.append((f"list {relation}", listed, expected or organiser_of(role, relation, 200)))
    return cases


def attachment_read(world: World, role: str) -> Cases:
    """A response's photo: readers of the campaign's responses; anything else does not exist
    (no photo here: the matrix checks who gets past the door; test_openrosa.py reads one)."""
    data = survey_world(world)
    cases = []
    for relation, campaign in data["campaigns"].items():
        response_id = data["responses"]["own" if relation == "own" else "foreign"]
        path = f"/api/v1/campaigns/{campaign['id']}/responses/{response_id}/attachments/p.jpg"
        expected = {"anonyme": 401, "veilleur": 403}.get(role, 404)
        cases.append((relation, call(world, "GET", path, role), expected))
    return cases


def response_submit(world: World, role: str) -> Cases:
    from tests.backend.test_responses import response_payload

    data = survey_world(world)
    cases = []
    for relation, campaign in data["campaigns"].items():
        response = call(
            world,
            "POST",
            f"/api/v1/campaigns/{campaign['id']}/responses",
            role,
            json=response_payload(),
        )
        if role == "anonyme":
            expected = 401
        elif relation == "own" and role != "admin":
            expected = 201
        else:
            expected = 422  # not a resident of the campaign's territory
        cases.append((relation, response, expected))
    return cases


def response_edit(world: World, role: str) -> Cases:
    """Only the author corrects a response; anyone else's is not found."""
    from tests.backend.test_responses import ANSWERS

    data = survey_world(world)
    cases = []
    for relation, response_id in data["responses"].items():
        edited = call(world, "PUT", f"/api/v1/responses/{response_id}", role,
                      json={"answers": ANSWERS})  # fmt: skip
        if role == "anonyme":
            expected = 401
        elif (role, relation) == ("veilleur", "own"):
            expected = 200
        else:
            expected = 404
        cases.append((relation, edited, expected))
    return cases


def response_reads(world: World, role: str) -> Cases:
    data = survey_world(world)
    cases = []
    for relation, campaign in data["campaigns"].items():
        listed = call(
            world, "GET", f"/api/v1/campaigns/{campaign['id']}/responses?format=json", role
        )
        if role == "anonyme":
            expected = 401
        elif relation == "foreign" and role != "admin":
            expected = 404
        elif role in ("veilleur", "admin") or relation == "own":
            expected = 200
        else:
            expected = 403
        cases.append((f"export {relation}", listed, expected))
        if listed.status_code == 200:
            text = listed.get_data(as_text=True)
            for other, response_id in data["responses"].items():
                if not sees_response(role, other):
                    assert response_id not in text, f"{role} sees a {other} response"
        summary = call(world, "GET", f"/api/v1/campaigns/{campaign['id']}/summary", role)
        if role == "anonyme":
            expected = 401
        elif relation == "foreign" and role != "admin":
            expected = 404
        elif role == "admin" or (role in ORGANISERS and relation == "own"):
            expected = 200
        else:
            expected = 403
        cases.append((f"summary {relation}", summary, expected))
    mine = call(world, "GET", "/api/v1/responses", role)
    cases.append(("mine", mine, 401 if role == "anonyme" else 200))
    if mine.status_code == 200:
        text = mine.get_data(as_text=True)
        for other in ("neighbour", "foreign"):
            assert data["responses"][other] not in text, (
                f"{role} sees a {other} response in /responses"
            )
    return cases


def organiser_of(role: str, relation: str, ok: int) -> int:
    """Animateurs of the territory and admins; others refused."""
    if role == "anonyme":
        return 401
    if role == "admin" or (role == "animateur" and relation == "own"):
        return ok
    return 403


def invites_list(world: World, role: str) -> Cases:
    return [
        (
            relation,
            call(world, "GET", f"/api/v1/territories/{code}/invites", role),
            organiser_of(role, relation, 200),
        )
        for code, relation in ((HOME, "own"), (AWAY, "foreign"))
    ]


def invite_revoke(world: World, role: str) -> Cases:
    cases = []
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        invite = world.client.post(
            f"/api/v1/territories/{code}/invites", json={}, headers=world.headers["admin"]
        ).json
        response = call(world, "DELETE", f"/api/v1/territories/invites/{invite['code']}", role)
        cases.append((relation, response, organiser_of(role, relation, 200)))
    return cases


def territory_import(world: World, role: str) -> Cases:
    from tests.conftest import DATA

    data = (DATA / "territories" / "occitanie-communes-avec-qpv.geojson").read_bytes()
    response = call(
        world,
        "POST",
        "/api/v1/territories/imports",
        role,
        content_type="multipart/form-data",
        data={
            "kind": "commune",
            "code_field": "code_commune",
            "name_field": "nom_commune",
            "version": "cog2019",
            "file": (io.BytesIO(data), "communes.geojson"),
        },
    )
    return [("import", response, {"anonyme": 401, "admin": 201}.get(role, 403))]


def analyses_create(world: World, role: str) -> Cases:
    cases = []
    crossing = {"kind": "crossing", "parameters": {"row": "theme", "column": "polarity"}}
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        for body in ({"kind": "counts"}, crossing):
            response = call(
                world, "POST", "/api/v1/analyses", role, json=body | {"territory": code}
            )
            cases.append((f"{relation} {body['kind']}", response, _analysis_status(role, relation)))
    return cases


def _analysis_status(role: str, relation: str) -> int:
    if role == "anonyme":
        return 401
    if role == "veilleur":
        return 403
    return 202 if role == "admin" or relation == "own" else 404


def analyses_read(world: World, role: str) -> Cases:
    job = world.client.post(
        "/api/v1/analyses", json={"kind": "counts"}, headers=world.headers["analyste"]
    ).json
    deadline = time.time() + 20
    while world.client.get(f"/api/v1/analyses/{job['id']}", headers=world.headers["analyste"]).json[
        "status"
    ] in ("queued", "running"):
        assert time.time() < deadline
        time.sleep(0.05)
    response = call(world, "GET", f"/api/v1/analyses/{job['id']}", role)
    expected = {"anonyme": 401, "veilleur": 403, "analyste": 200, "admin": 200, "animateur": 404}[
        role
    ]
    cases = [("analyste's job", response, expected)]
    if role in ("analyste", "admin"):
        own = call(world, "POST", "/api/v1/analyses", role, json={"kind": "counts"}).json
        while world.client.get(f"/api/v1/analyses/{own['id']}", headers=world.headers[role]).json[
            "status"
        ] in ("queued", "running"):
            time.sleep(0.05)
        result = call(world, "GET", f"/api/v1/analyses/{own['id']}", role)
        expected_total = 3 if role == "admin" else 2  # the analyst's scope: own + neighbour
        cases.append(("result scope", result.json["result"]["total"], expected_total))
    return cases


def users_patch(world: World, role: str) -> Cases:
    target, _ = world.make_user("veilleur", (HOME,))
    response = call(
        world, "PATCH", f"/api/v1/users/{target.id}", role, json={"territories": [HOME]}
    )
    cases = [("home veilleur", response, {"anonyme": 401, "admin": 200}.get(role, 403))]
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        target, _ = world.make_user("veilleur", (code,))
        disabled = call(world, "PATCH", f"/api/v1/users/{target.id}", role, json={"disabled": True})
        if role == "anonyme":
            expected = 401
        elif role in ("veilleur", "analyste"):
            expected = 403
        elif role == "admin" or relation == "own":
            expected = 200
        else:
            expected = 404
        cases.append((f"disable {relation} veilleur", disabled, expected))
    return cases


def password_reset(world: World, role: str) -> Cases:
    cases = []
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        target, _ = world.make_user("veilleur", (code,))
        response = call(world, "POST", f"/api/v1/users/{target.id}/password-reset", role)
        if role == "anonyme":
            expected = 401
        elif role in ("veilleur", "analyste"):
            expected = 403
        elif role == "admin" or relation == "own":
            expected = 201
        else:
            expected = 404
        cases.append((relation, response, expected))
    return cases


def member_remove(world: World, role: str) -> Cases:
    cases = []
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        target, _ = world.make_user("veilleur", (code,))
        response = call(world, "DELETE", f"/api/v1/users/{target.id}", role)
        if role == "anonyme":
            expected = 401
        elif role in ("veilleur", "analyste"):
            expected = 403
        elif role == "admin" or relation == "own":
            expected = 204
        else:
            expected = 404
        cases.append((relation, response, expected))
    return cases


def account_delete(world: World, role: str) -> Cases:
    if role == "anonyme":
        return [("anonyme", call(world, "DELETE", "/api/v1/me", role), 401)]
    _, headers = world.make_user(role, (HOME,))
    return [("own account", world.client.delete("/api/v1/me", headers=headers), 204)]


def me_export(world: World, role: str) -> Cases:
    response = call(world, "GET", "/api/v1/me/export", role)
    cases = [("export", response, 401 if role == "anonyme" else 200)]
    if role == "veilleur":
        text = response.get_data(as_text=True)
        assert world.observations["own"]["id"] in text
        for relation in ("neighbour", "foreign"):
            assert world.observations[relation]["id"] not in text
    return cases


def for_territory(role: str, relation: str, ok: int) -> int:
    """Syntheses: organisers of the territory and admins; a foreign territory is not found."""
    if role == "anonyme":
        return 401
    if role == "veilleur":
        return 403
    return ok if role == "admin" or relation == "own" else 404


def syntheses_current(world: World, role: str) -> Cases:
    cases = []
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        response = call(world, "GET", f"/api/v1/syntheses?territory={code}&format=json", role)
        cases.append((relation, response, for_territory(role, relation, 200)))
        if response.status_code == 200:
            check_no_leak(response, world, role)
    return cases


def syntheses_issue(world: World, role: str) -> Cases:
    return [
        (
            relation,
            call(world, "POST", "/api/v1/syntheses", role, json={"territory": code}),
            for_territory(role, relation, 201),
        )
        for code, relation in ((HOME, "own"), (AWAY, "foreign"))
    ]


def syntheses_issued(world: World, role: str) -> Cases:
    cases = []
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        call(world, "POST", "/api/v1/syntheses", "admin", json={"territory": code})
        response = call(world, "GET", f"/api/v1/syntheses/issued?territory={code}", role)
        cases.append((relation, response, for_territory(role, relation, 200)))
    return cases


def syntheses_reopen(world: World, role: str) -> Cases:
    cases = []
    for code, relation in ((HOME, "own"), (AWAY, "foreign")):
        issued = call(world, "POST", "/api/v1/syntheses", "admin", json={"territory": code}).json
        response = call(world, "GET", f"/api/v1/syntheses/{issued['id']}?format=html", role)
        cases.append((relation, response, for_territory(role, relation, 200)))
    return cases


WEBHOOK_MANAGERS = ("animateur", "admin")


def for_webhook(role: str, relation: str, ok: int) -> int:
    """Webhooks: animateurs of the territory and admins; a foreign territory is not found."""
    if role == "anonyme":
        return 401
    if role not in WEBHOOK_MANAGERS:
        return 403
    return ok if role == "admin" or relation == "own" else 404


def webhook_create(world: World, role: str) -> Cases:
    return [
        (
            relation,
            call(
                world,
                "POST",
                "/api/v1/webhooks",
                role,
                json={
                    "url": "https://8.8.8.8/hook",
                    "events": ["synthesis.issued"],
                    "territory": code,
                },
            ),
            for_webhook(role, relation, 201),
        )
        for code, relation in ((HOME, "own"), (AWAY, "foreign"))
    ]


def webhook_one(method: str, ok: int, **kwargs: Any) -> Callable[[World, str], Cases]:
    def run(world: World, role: str) -> Cases:
        cases = []
        for code, relation in ((HOME, "own"), (AWAY, "foreign")):
            made = call(world, "POST", "/api/v1/webhooks", "admin",
                        json={"url": "https://8.8.8.8/hook", "events": ["synthesis.issued"],
                              "territory": code}).json  # fmt: skip
            response = call(world, method, f"/api/v1/webhooks/{made['id']}", role, **kwargs)
            cases.append((relation, response, for_webhook(role, relation, ok)))
        return cases

    return run


def open311_post(world: World, role: str) -> Cases:
    """A city's tool posts with an account's token (as api_key, or the header as here)."""
    lon, lat = inside(HOME)
    form = {"service_code": "proprete", "lat": str(lat), "long": str(lon), "description": "Tags"}
    response = call(world, "POST", "/open311/v2/requests.json", role, data=form)
    expected = 401 if role == "anonyme" else 201 if role in ("animateur", "admin") else 403
    return [("form", response, expected)]


def api_key_revoke(world: World, role: str) -> Cases:
    """Only one's own keys: another organiser's is not found, even by an admin."""
    cases = []
    for owner, relation in ((role, "own"), ("animateur", "foreign")):
        if relation == "own" and role not in WEBHOOK_MANAGERS:
            continue
        headers = world.headers[owner] if relation == "own" else world.make_user(owner)[1]
        made = world.client.post("/api/v1/me/api-keys", json={"label": "x"}, headers=headers).json
        response = call(world, "DELETE", f"/api/v1/me/api-keys/{made['id']}", role)
        expected = 401 if role == "anonyme" else 403 if role not in WEBHOOK_MANAGERS else 200
        cases.append(
            (relation, response, expected if relation == "own" or expected != 200 else 404)
        )
    return cases


def atelier_world(world: World) -> dict[str, Any]:
    """An atelier on HOME and one on AWAY (made by the admin), projected, with a participant."""
    if hasattr(world, "ateliers"):
        return world.ateliers  # type: ignore[no-any-return]
    from tests.backend.test_ateliers import STEPS

    made = {}
    for relation, code in (("own", HOME), ("foreign", AWAY)):
        body = {"territory": code, "title": "Atelier", "held_on": "2026-03-12", "steps": STEPS}
        atelier = call(world, "POST", "/api/v1/ateliers", "admin", json=body).json
        call(world, "PATCH", f"/api/v1/ateliers/{atelier['id']}", "admin", json={"step": 3})
        made[relation] = atelier
    joined = world.client.post("/api/v1/ateliers/join", json={"code": made["own"]["join_code"]})
    world.ateliers = {"ateliers": made, "token": joined.json["token"]}  # type: ignore[attr-defined]
    return world.ateliers  # type: ignore[attr-defined]


def atelier_create(world: World, role: str) -> Cases:
    from tests.backend.test_ateliers import STEPS

    return [
        (
            relation,
            call(
                world,
                "POST",
                "/api/v1/ateliers",
                role,
                json={"territory": code, "title": "A", "held_on": "2026-03-12", "steps": STEPS},
            ),
            for_atelier(role, relation, 201, run=True),
        )
        for code, relation in ((HOME, "own"), (AWAY, "foreign"))
    ]


def for_atelier(role: str, relation: str, ok: int, *, run: bool = False) -> int:
    """Ateliers: organisers of the territory read them, animateurs run them; admins all."""
    if role == "anonyme":
        return 401
    if role == "veilleur" or (run and role == "analyste"):
        return 403
    return ok if role == "admin" or relation == "own" else 404


def atelier_reads(suffix: str) -> Callable[[World, str], Cases]:
    def run(world: World, role: str) -> Cases:
        data = atelier_world(world)
        listed = call(world, "GET", "/api/v1/ateliers", role)
        if listed.status_code == 200 and role != "admin":
            assert data["ateliers"]["foreign"]["id"] not in listed.get_data(as_text=True), role
        cases = []
        for relation, atelier in data["ateliers"].items():
            response = call(world, "GET", f"/api/v1/ateliers/{atelier['id']}{suffix}", role)
            response.close()  # an event stream gives its place back
            cases.append((relation, response, for_atelier(role, relation, 200)))
        return cases

    return run


def atelier_list(world: World, role: str) -> Cases:
    atelier_world(world)
    response = call(world, "GET", "/api/v1/ateliers", role)
    return [("list", response, for_atelier(role, "own", 200))]


def atelier_barometer(world: World, role: str) -> Cases:
    return [
        (
            relation,
            call(world, "GET", f"/api/v1/ateliers/barometer?territory={code}", role),
            for_atelier(role, relation, 200),
        )
        for code, relation in ((HOME, "own"), (AWAY, "foreign"))
    ]


def atelier_patch(world: World, role: str) -> Cases:
    data = atelier_world(world)
    return [
        (
            relation,
            call(world, "PATCH", f"/api/v1/ateliers/{atelier['id']}", role, json={"step": 3}),
            for_atelier(role, relation, 200, run=True),
        )
        for relation, atelier in data["ateliers"].items()
    ]


def participation(method: str, path: str, ok: int, body: Callable[[], Any] | None = None):
    """Participants' operations: a bearer token is no participation (401); only the token the
    join gave, and only for its own atelier (an idea of another atelier is not found)."""

    def run(world: World, role: str) -> Cases:
        data = atelier_world(world)
        url = path
        if "{idea}" in path:
            own = world.client.post(
                "/api/v1/ateliers/participation/ideas",
                json={"id": str(uuid.uuid4()), "step": 3, "text": "Une idée"},
                headers={"X-Participation": data["token"]},
            ).json
            url = path.replace("{idea}", own["id"])
        kwargs = {"json": body()} if body else {}
        cases = [(role, call(world, method, url, role, **kwargs), 401)]
        if role == "anonyme":
            token = {"X-Participation": data["token"]}
            response = world.client.open(url, method=method, headers=token, **kwargs)
            cases.append(("token", response, ok))
        return cases

    return run


MATRIX: dict[tuple[str, str], Callable[[World, str], Cases]] = {
    ("GET", "/healthz"): op_public(200),
    ("POST", "/api/v1/auth/join"): op_public(201),
    ("POST", "/api/v1/auth/token"): op_public(200),
    ("POST", "/api/v1/auth/refresh"): op_public(200),
    ("POST", "/api/v1/auth/logout"): op_public(204),
    ("POST", "/api/v1/auth/reset"): op_public(200),
    ("GET", "/api/v1/privacy"): op_public(200),
    ("GET", "/api/v1/territories"): op_public(200),
    ("GET", "/api/v1/territories/{code}"): op_public(200),
    ("GET", "/api/v1/themes"): op_public(200),
    ("GET", "/api/v1/me"): authenticated("/api/v1/me"),
    ("DELETE", "/api/v1/me"): account_delete,
    ("POST", "/api/v1/me/consent"): authenticated("/api/v1/me/consent", "POST"),
    ("GET", "/api/v1/me/export"): me_export,
    ("POST", "/api/v1/territories/{code}/invites"): invites,
    ("GET", "/api/v1/territories/{code}/invites"): invites_list,
    ("DELETE", "/api/v1/territories/invites/{invite_code}"): invite_revoke,
    ("POST", "/api/v1/territories/imports"): territory_import,
    ("GET", "/api/v1/indicators"): authenticated("/api/v1/indicators?territory=QP031001"),
    ("GET", "/api/v1/indicators/catalog"): authenticated("/api/v1/indicators/catalog"),
    ("GET", "/api/v1/indicators/compare"): authenticated(
        "/api/v1/indicators/compare?territory=QP031001"
    ),
    ("POST", "/api/v1/indicators/composite"): authenticated(
        "/api/v1/indicators/composite",
        "POST",
        ok=422,
        json={"definition": {}, "territories": "qpv"},
    ),
    ("POST", "/api/v1/indicators/imports"): authenticated(
        "/api/v1/indicators/imports",
        "POST",
        ok=422,
        roles=("admin",),
        data={},
        content_type="multipart/form-data",
    ),
    ("GET", "/api/v1/surveys"): survey_reads,
    ("GET", "/api/v1/surveys/{survey_id}"): survey_reads,
    ("GET", "/api/v1/surveys/templates"): survey_reads,
    ("GET", "/api/v1/surveys/templates/{name}"): survey_reads,
    ("POST", "/api/v1/surveys"): survey_publish,
    ("POST", "/api/v1/surveys/templates/{name}"): survey_publish,
    ("POST", "/api/v1/campaigns"): campaign_create,
    ("GET", "/api/v1/campaigns"): campaign_reads,
    ("GET", "/api/v1/campaigns/{campaign_id}"): campaign_reads,
    ("PATCH", "/api/v1/campaigns/{campaign_id}"): campaign_patch,
    ("POST", "/api/v1/campaigns/{campaign_id}/responses"): response_submit,
    ("GET", "/api/v1/campaigns/{campaign_id}/app-users"): app_user_ops,
    ("POST", "/api/v1/campaigns/{campaign_id}/imports"): submission_import,
    ("GET", "/api/v1/campaigns/{campaign_id}/media"): form_media_ops,
    (
        "GET",
        "/api/v1/campaigns/{campaign_id}/responses/{response_id}/attachments/{name}",
    ): attachment_read,
    ("POST", "/api/v1/campaigns/{campaign_id}/media"): form_media_ops,
    ("POST", "/api/v1/campaigns/{campaign_id}/app-users"): app_user_ops,
    ("DELETE", "/api/v1/campaigns/{campaign_id}/app-users/{app_user_id}"): app_user_ops,
    ("GET", "/api/v1/campaigns/{campaign_id}/responses"): response_reads,
    ("GET", "/api/v1/campaigns/{campaign_id}/summary"): response_reads,
    ("GET", "/api/v1/responses"): response_reads,
    ("PUT", "/api/v1/responses/{response_id}"): response_edit,
    ("GET", "/api/v1/analyses"): authenticated(
        "/api/v1/analyses", roles=("animateur", "analyste", "admin")
    ),
    ("GET", "/api/v1/observations"): authenticated("/api/v1/observations?page_size=100", leak=True),
    ("POST", "/api/v1/observations"): lambda w, r: [
        (
            "new",
            call(w, "POST", "/api/v1/observations", r, json=observation_payload()),
            401 if r == "anonyme" else 201,
        )
    ],
    ("GET", "/api/v1/observations/counts"): observation_counts,
    ("GET", "/api/v1/observations/map"): authenticated(
        "/api/v1/observations/map?bbox=-5.5,41,10,51.5&zoom=6", leak=True
    ),
    ("GET", "/api/v1/observations/{observation_id}"): observation_read,
    ("PATCH", "/api/v1/observations/{observation_id}"): observation_edit,
    ("DELETE", "/api/v1/observations/{observation_id}"): observation_delete,
    ("POST", "/api/v1/observations/{observation_id}/photos"): photo_attach,
    ("POST", "/api/v1/observations/{observation_id}/follow-ups"): follow_up,
    ("POST", "/api/v1/observations/bulk"): bulk_moderation,
    ("POST", "/api/v1/streets/imports"): authenticated(
        "/api/v1/streets/imports",
        "POST",
        ok=422,
        roles=("admin",),
        data={},
        content_type="multipart/form-data",
    ),
    ("PUT", "/api/v1/observations/{observation_id}/photos/{photo_id}"): photo_replace,
    ("GET", "/api/v1/observations/neighbours"): authenticated(
        "/api/v1/observations/neighbours", leak=True
    ),
    ("GET", "/api/v1/me/news"): authenticated("/api/v1/me/news"),
    ("GET", "/api/v1/photos/{photo_id}"): observation_read,
    ("POST", "/api/v1/sync"): authenticated(
        "/api/v1/sync", "POST", json={"observations": [observation_payload()]}
    ),
    ("GET", "/api/v1/exports/observations"): authenticated(
        "/api/v1/exports/observations?format=csv", leak=True
    ),
    ("GET", "/api/v1/audit"): authenticated("/api/v1/audit", roles=("admin",)),
    ("POST", "/api/v1/analyses"): analyses_create,
    ("GET", "/api/v1/analyses/{job_id}"): analyses_read,
    ("GET", "/api/v1/syntheses"): syntheses_current,
    ("POST", "/api/v1/syntheses"): syntheses_issue,
    ("GET", "/api/v1/syntheses/issued"): syntheses_issued,
    ("GET", "/api/v1/syntheses/{synthesis_id}"): syntheses_reopen,
    ("GET", "/api/v1/users"): authenticated("/api/v1/users", roles=("animateur", "admin")),
    ("PATCH", "/api/v1/users/{user_id}"): users_patch,
    ("DELETE", "/api/v1/users/{user_id}"): member_remove,
    ("POST", "/api/v1/users/{user_id}/password-reset"): password_reset,
    ("GET", "/api/v1/ateliers"): atelier_list,
    ("POST", "/api/v1/ateliers"): atelier_create,
    ("GET", "/api/v1/ateliers/{atelier_id}"): atelier_reads(""),
    ("PATCH", "/api/v1/ateliers/{atelier_id}"): atelier_patch,
    ("GET", "/api/v1/ateliers/{atelier_id}/live"): atelier_reads("/live"),
    ("GET", "/api/v1/ateliers/{atelier_id}/record"): atelier_reads("/record?format=csv"),
    ("GET", "/api/v1/ateliers/{atelier_id}/events"): atelier_reads("/events"),
    ("GET", "/api/v1/ateliers/barometer"): atelier_barometer,
    ("POST", "/api/v1/ateliers/join"): op_public(201),
    ("GET", "/api/v1/ateliers/participation"): participation(
        "GET", "/api/v1/ateliers/participation", 200
    ),
    ("POST", "/api/v1/ateliers/participation/answers"): participation(
        "POST",
        "/api/v1/ateliers/participation/answers",
        201,
        lambda: {"id": str(uuid.uuid4()), "step": 1, "value": "assistance"},
    ),
    ("POST", "/api/v1/ateliers/participation/ideas"): participation(
        "POST",
        "/api/v1/ateliers/participation/ideas",
        201,
        lambda: {"id": str(uuid.uuid4()), "step": 3, "text": "Un pas de côté"},
    ),
    ("PUT", "/api/v1/ateliers/participation/ideas/{idea_id}/support"): participation(
        "PUT", "/api/v1/ateliers/participation/ideas/{idea}/support", 204
    ),
    ("DELETE", "/api/v1/ateliers/participation/ideas/{idea_id}/support"): participation(
        "DELETE", "/api/v1/ateliers/participation/ideas/{idea}/support", 204
    ),
    ("GET", "/api/v1/me/api-keys"): authenticated("/api/v1/me/api-keys", roles=WEBHOOK_MANAGERS),
    ("POST", "/api/v1/me/api-keys"): authenticated(
        "/api/v1/me/api-keys", "POST", ok=201, roles=WEBHOOK_MANAGERS, json={"label": "GRC"}
    ),
    ("DELETE", "/api/v1/me/api-keys/{key_id}"): api_key_revoke,
    ("GET", "/open311/v2/discovery.{fmt}"): op_public(200),
    ("GET", "/open311/v2/services.{fmt}"): op_public(200),
    ("GET", "/open311/v2/services/{service_code}.{fmt}"): op_public(200),
    ("GET", "/open311/v2/requests.{fmt}"): op_public(200),
    ("GET", "/open311/v2/requests/{service_request_id}.{fmt}"): op_public(200),
    ("POST", "/open311/v2/requests.{fmt}"): open311_post,
    ("GET", "/api/v1/webhooks"): authenticated("/api/v1/webhooks", roles=WEBHOOK_MANAGERS),
    ("GET", "/api/v1/webhooks/events"): authenticated(
        "/api/v1/webhooks/events", roles=WEBHOOK_MANAGERS
    ),
    ("POST", "/api/v1/webhooks"): webhook_create,
    ("GET", "/api/v1/webhooks/{subscription_id}"): webhook_one("GET", 200),
    ("PATCH", "/api/v1/webhooks/{subscription_id}"): webhook_one(
        "PATCH", 200, json={"active": False}
    ),
    ("DELETE", "/api/v1/webhooks/{subscription_id}"): webhook_one("DELETE", 204),
}


def spec_operations(app) -> set[tuple[str, str]]:
    spec = app.test_client().get("/api/openapi.json").json
    return {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_operation_of_the_spec_is_in_the_matrix(app):
    missing = spec_operations(app) - MATRIX.keys()
    assert not missing, f"operations without an authorisation rule: {sorted(missing)}"
    assert not MATRIX.keys() - spec_operations(app), "rules for operations that no longer exist"


def test_public_operations_need_no_token_and_the_rest_do(app):
    spec = app.test_client().get("/api/openapi.json").json
    for (method, path), rule in MATRIX.items():
        secured = bool(spec["paths"][path][method.lower()].get("security"))
        public = hasattr(rule, "public")
        assert secured != public or path.startswith("/api/v1/photos"), (method, path)


@pytest.mark.parametrize(
    "operation",
    [k for k, v in MATRIX.items() if not hasattr(v, "public")],
    ids=lambda o: f"{o[0]} {o[1]}",
)
def test_authorisation(world, operation):
    problems = []
    for role in ROLES:
        for label, response, expected in MATRIX[operation](world, role):
            actual = response if isinstance(response, int) else response.status_code
            if actual not in (expected if isinstance(expected, set) else {expected}):
                problems.append(f"{role} / {label}: {actual} (expected {expected})")
    assert not problems, "\n".join(problems)

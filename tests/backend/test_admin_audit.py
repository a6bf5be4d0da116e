"""Every write only an admin may make leaves a line in the audit log — through the API (found
from the OpenAPI spec, so a new admin write without a case here fails) and the command line."""

from __future__ import annotations

import io
import pathlib

import pytest

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
WRITES = {"post", "put", "patch", "delete"}


def admin_only_writes(client) -> set[tuple[str, str]]:
    spec = client.get("/api/openapi.json").json
    return {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method in WRITES and operation.get("x-roles") == ["admin"]
    }


def indicators_import(client, admin):
    return client.post(
        "/api/v1/indicators/imports",
        data={
            "source": "Insee, données QPV",
            "territory_field": "code_qp",
            "period": "2015",
            "file": (
                io.BytesIO(
                    (DATA / "indicators" / "occitanie-qpv2015-indicateurs.csv").read_bytes()
                ),
                "qpv.csv",
            ),
        },
        headers=admin,
    )


def territories_import(client, admin):
    collection = (DATA / "territories" / "occitanie-communes-avec-qpv.geojson").read_bytes()
    return client.post(
        "/api/v1/territories/imports",
        data={
            "kind": "commune",
            "code_field": "code_commune",
            "name_field": "nom_commune",
            "version": "cog2019",
            "file": (io.BytesIO(collection), "communes.geojson"),
        },
        headers=admin,
    )


def streets_import(client, admin):
    from tests.backend.conftest import inside
    from tests.backend.test_streets import ban_csv, import_file

    return import_file(client, admin, ban_csv([("Rue Gounod", *inside("QP031001"))]))


CASES = {
    ("POST", "/api/v1/streets/imports"): ("streets.import", streets_import),
    ("POST", "/api/v1/indicators/imports"): ("indicators.import", indicators_import),
    ("POST", "/api/v1/territories/imports"): ("territories.import", territories_import),
}


def test_every_admin_only_write_has_an_audit_case(client):
    assert admin_only_writes(client) == set(CASES)


@pytest.mark.parametrize("operation", sorted(CASES), ids=lambda o: f"{o[0]} {o[1]}")
def test_admin_writes_are_audited(client, make_user, operation):
    action, run = CASES[operation]
    _, admin = make_user("admin", ())
    response = run(client, admin)
    assert response.status_code in (200, 201), response.json
    events = client.get(f"/api/v1/audit?action={action}", headers=admin).json
    assert len(events) == 1 and events[0]["actor_role"] == "admin"
    assert events[0]["details"], "the audit line says what was done"


def test_role_changes_disabling_and_audit_exports_are_audited(client, make_user):
    user, _ = make_user("veilleur")
    _, admin = make_user("admin", ())
    client.patch(f"/api/v1/users/{user.id}", json={"role": "analyste"}, headers=admin)
    client.patch(f"/api/v1/users/{user.id}", json={"disabled": True}, headers=admin)
    assert client.get("/api/v1/audit?format=csv", headers=admin).status_code == 200
    actions = {e["action"] for e in client.get("/api/v1/audit", headers=admin).json}
    assert {"user.change", "user.disable", "export.audit"} <= actions


def test_command_line_writes_are_audited_as_the_system(runner, client, make_user):
    created = runner.invoke(
        args=["users", "create", "--pseudonym", "chef-de-projet", "--role", "animateur",
              "--territory", "QP031001", "--password-stdin"],
        input="un mot de passe solide\n",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    invited = runner.invoke(args=["invites", "create", "--territory", "QP031001"])
    assert invited.exit_code == 0, invited.output
    imported = runner.invoke(
        args=["indicators", "import", str(DATA / "indicators" / "occitanie-qpv2015-indicateurs.csv"),
              "--source", "Insee", "--territory-field", "code_qp", "--period", "2015"],
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    _, admin = make_user("admin", ())
    events = client.get("/api/v1/audit", headers=admin).json
    by_action = {e["action"]: e for e in events}
    assert {"user.create", "invite.create", "indicators.import"} <= set(by_action)
    assert {by_action[a]["actor_role"] for a in ("user.create", "indicators.import")} == {"système"}

"""A local street file in the BAN's CSV format: imported by the command line or an admin
(bounded, a commune's addresses replaced by a new import, audited), and the moderation queue
names the nearest street within 150 m — computed in SQL on both databases."""

from __future__ import annotations

import io
import math

from tests.backend.conftest import inside, observation_payload

HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;"
    "nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;"
    "source_position;source_nom_voie;certification_commune;cad_parcelles"
)


def offset(lon: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
    return (
        lon + east_m / (111_320 * math.cos(math.radians(lat))),
        lat + north_m / 111_320,
    )


def ban_csv(points: list[tuple[str, float, float]], insee: str = "31395") -> bytes:
    lines = [HEADER]
    for i, (street, lon, lat) in enumerate(points, start=1):
        lines.append(
            f"{insee}_0001_{i:05d};;{i};;{street};31600;{insee};Muret;;;;;{lon:.6f};{lat:.6f};"
            f"entrée;;;MURET;{street.upper()};commune;commune;1;"
        )
    return ("\n".join(lines) + "\n").encode()


def import_file(client, headers, data: bytes):
    return client.post(
        "/api/v1/streets/imports",
        data={"file": (io.BytesIO(data), "adresses-31.csv")},
        headers=headers,
        content_type="multipart/form-data",
    )


def test_the_queue_names_the_nearest_street_within_150_m(client, make_user):
    _, admin = make_user("admin", ())
    _, animateur = make_user("animateur", ("QP031001",))
    _, resident = make_user("veilleur")
    lon, lat = inside("QP031001")
    near = offset(lon, lat, 40, 0)
    nearer = offset(lon, lat, 0, -25)
    far = offset(lon, lat, 400, 0)
    data = ban_csv(
        [("Rue Gounod", *near), ("Allée des Tilleuls", *nearer), ("Avenue Lointaine", *far)]
    )
    assert client.get("/api/v1/observations", headers=animateur).status_code == 200
    sent = client.post("/api/v1/observations", json=observation_payload(), headers=resident).json
    assert sent["street"] is None  # not for the resident, and no file yet

    assert import_file(client, animateur, data).status_code == 403
    report = import_file(client, admin, data)
    assert report.status_code == 201 and report.json == {"points": 3, "communes": 1, "skipped": 0}
    listed = client.get("/api/v1/observations", headers=animateur).json
    assert listed[0]["street"] == "Allée des Tilleuls"
    assert client.get(f"/api/v1/observations/{sent['id']}", headers=resident).json["street"] is None

    # A new file for the commune replaces its addresses; beyond 150 m, no street is named.
    assert import_file(client, admin, ban_csv([("Avenue Lointaine", *far)])).status_code == 201
    assert client.get("/api/v1/observations", headers=animateur).json[0]["street"] is None
    events = client.get("/api/v1/audit?action=streets.import", headers=admin).json
    assert len(events) == 2 and events[0]["details"]["points"] == 1


def test_a_file_that_is_not_the_bans_is_refused_in_french(client, make_user):
    _, admin = make_user("admin", ())
    wrong = import_file(client, admin, b"nom;adresse\nA;B\n")
    assert wrong.status_code == 422 and "Base Adresse Nationale" in wrong.json["message"]
    unreadable = import_file(
        client, admin, (HEADER + "\nx;;1;;Rue;;31395;Muret;;;;;abc;def\n").encode()
    )
    assert unreadable.status_code == 422 and "Aucune adresse" in unreadable.json["message"]


def test_the_command_line_imports_a_ban_file(app, runner, tmp_path):
    lon, lat = inside("QP031001")
    path = tmp_path / "adresses-31.csv"
    path.write_bytes(ban_csv([("Rue Gounod", lon, lat)]))
    result = runner.invoke(args=["streets", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 adresses importées pour 1 commune(s)" in result.output
    from backend.services.streets import nearest_street

    with app.app_context():
        assert nearest_street(lon, lat) == "Rue Gounod"

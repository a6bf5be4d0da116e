"""`veilleurs backup` and `veilleurs restore`: everything comes back, on both databases."""

from __future__ import annotations

import pytest

from tests.backend.conftest import observation_payload
from tests.backend.test_photos import jpeg_with_gps, upload


@pytest.mark.parametrize("kind", ["postgis", "spatialite"])
def test_backup_then_restore_into_an_empty_database(fresh_app, tmp_path, kind):
    source = fresh_app(kind)
    client = source.test_client()
    runner = source.test_cli_runner()
    assert (
        runner.invoke(
            args=[
                "territories",
                "import",
                "tests/data/territories/occitanie-qpv2015.geojson",
                "--kind",
                "qpv",
                "--code-field",
                "code_qp",
                "--name-field",
                "nom_qp",
            ]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(
            args=[
                "users",
                "create",
                "--pseudonym",
                "sauvegarde",
                "--role",
                "veilleur",
                "--territory",
                "QP031001",
                "--password-stdin",
            ],
            input="mot de passe sûr\n",
        ).exit_code
        == 0
    )
    tokens = client.post(
        "/api/v1/auth/token", json={"pseudonym": "sauvegarde", "password": "mot de passe sûr"}
    ).json
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    item = observation_payload()
    assert client.post("/api/v1/observations", json=item, headers=headers).status_code == 201
    photo = upload(client, headers, item["id"], jpeg_with_gps(90, 60)).json

    archive = tmp_path / "sauvegarde.tar.gz"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "105 territories, 1 users, 1 observations, 1 photos" in result.output

    target = fresh_app(kind)
    target.config["MEDIA_DIR"] = str(tmp_path / "restored-media")
    result = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    restored = target.test_client()
    tokens = restored.post(
        "/api/v1/auth/token", json={"pseudonym": "sauvegarde", "password": "mot de passe sûr"}
    ).json
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    stored = restored.get(f"/api/v1/observations/{item['id']}", headers=headers).json
    assert stored["territory"] == "QP031001" and stored["text"] == item["text"]
    image = restored.get(photo["url"].split("?")[0], headers=headers)
    assert image.status_code == 200 and image.data[:2] == b"\xff\xd8"
    # A second restore over data is refused unless forced.
    again = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert again.exit_code == 1 and "--force" in again.output

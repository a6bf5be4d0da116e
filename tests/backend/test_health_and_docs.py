"""The service says it is up, on which database, and documents its API."""


def test_healthz_names_the_database(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": app.config["TEST_DATABASE_KIND"]}


def test_openapi_spec_lists_the_contract_endpoints(client):
    spec = client.get("/api/openapi.json").json
    paths = spec["paths"]
    for path in (
        "/api/v1/auth/join",
        "/api/v1/auth/token",
        "/api/v1/auth/refresh",
        "/api/v1/me",
        "/api/v1/territories",
        "/api/v1/territories/{code}",
        "/api/v1/territories/{code}/invites",
        "/api/v1/themes",
        "/api/v1/observations",
        "/api/v1/observations/{observation_id}",
        "/api/v1/observations/{observation_id}/photos",
        "/api/v1/photos/{photo_id}",
        "/api/v1/sync",
        "/api/v1/exports/observations",
    ):
        assert path in paths, path
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_interactive_docs_page_is_served(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"swagger" in response.data.lower()


def test_themes_are_the_thesaurus(client):
    themes = client.get("/api/v1/themes").json
    assert len(themes) == 12
    assert themes[0] == {"code": "proprete", "label": "Propreté, déchets"}
    assert {"code": "numerique", "label": "Inclusion numérique"} in themes


def test_unknown_path_gets_the_error_payload_in_french(client):
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert response.json["code"] == 404
    assert response.json["status"] == "Not Found"
    assert response.json["message"] == "Ressource introuvable."

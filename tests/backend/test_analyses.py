"""Analyses run as jobs: 202 with a job, then its status and result; in-process or on RQ."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import pytest

from tests.backend.conftest import inside, observation_payload


@pytest.fixture
def contributions(client, make_user):
    _, muret = make_user("veilleur", ("QP031001",))
    _, mosson = make_user("veilleur", ("QP034005",))
    for theme in ("proprete", "proprete", "mobilite"):
        client.post("/api/v1/observations", json=observation_payload(theme=theme), headers=muret)
    client.post(
        "/api/v1/observations",
        json=observation_payload(location={"type": "Point", "coordinates": inside("QP034005")}),
        headers=mosson,
    )


def wait_for(client, headers, job_id, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(f"/api/v1/analyses/{job_id}", headers=headers).json
        if job["status"] in ("finished", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_in_process_job_counts_only_my_territories_and_records_its_data(
    client, make_user, contributions
):
    _, analyst = make_user("analyste", ("QP031001",))
    response = client.post("/api/v1/analyses", json={"kind": "counts"}, headers=analyst)
    assert response.status_code == 202
    assert response.json["status"] == "queued"
    job = wait_for(client, analyst, response.json["id"])
    assert job["status"] == "finished", job
    assert job["result"]["total"] == 3
    assert job["result"]["by_theme"] == {"mobilite": 1, "proprete": 2}
    assert job["data"]["rows"] == 3 and len(job["data"]["rows_sha256"]) == 64
    assert job["data"]["territories"] == ["QP031001"]
    assert job["package_version"]


def test_filters_and_foreign_territories(client, make_user, contributions):
    _, analyst = make_user("analyste", ("QP031001",))
    job = client.post(
        "/api/v1/analyses", json={"kind": "counts", "theme": "proprete"}, headers=analyst
    ).json
    assert wait_for(client, analyst, job["id"])["result"]["total"] == 2
    foreign = client.post(
        "/api/v1/analyses", json={"kind": "counts", "territory": "QP034005"}, headers=analyst
    )
    assert foreign.status_code == 404


def test_veilleurs_cannot_run_analyses_and_unknown_kinds_are_422(client, make_user):
    _, veilleur = make_user("veilleur")
    assert (
        client.post("/api/v1/analyses", json={"kind": "counts"}, headers=veilleur).status_code
        == 403
    )
    _, analyst = make_user("analyste")
    unknown = client.post("/api/v1/analyses", json={"kind": "astrologie"}, headers=analyst)
    assert unknown.status_code == 422 and "Type d'analyse inconnu" in unknown.json["message"]


def test_someone_elses_job_is_not_found(client, make_user, contributions):
    _, first = make_user("analyste")
    _, second = make_user("analyste")
    job = client.post("/api/v1/analyses", json={"kind": "counts"}, headers=first).json
    wait_for(client, first, job["id"])
    assert client.get(f"/api/v1/analyses/{job['id']}", headers=second).status_code == 404


def test_job_runs_on_a_real_rq_worker_when_redis_is_configured(
    app, client, make_user, contributions
):
    from redis import Redis
    from rq import Queue, SimpleWorker

    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL="redis://127.0.0.1:6379/0", JOBS_QUEUE=queue_name)
    redis = Redis.from_url(app.config["REDIS_URL"])
    try:
        _, analyst = make_user("analyste", ("QP031001",))
        job = client.post("/api/v1/analyses", json={"kind": "counts"}, headers=analyst).json
        queue = Queue(queue_name, connection=redis)
        assert queue.count == 1  # waiting in Redis, not run in the web process
        assert (
            client.get(f"/api/v1/analyses/{job['id']}", headers=analyst).json["status"] == "queued"
        )
        with app.app_context():
            SimpleWorker([queue], connection=redis).work(burst=True)
        finished = client.get(f"/api/v1/analyses/{job['id']}", headers=analyst).json
        assert finished["status"] == "finished" and finished["result"]["total"] == 3
    finally:
        app.config.update(REDIS_URL=None, JOBS_QUEUE="veilleurs")
        for key in redis.scan_iter(f"rq:*{queue_name}*"):
            redis.delete(key)


@pytest.fixture
def demo(runner, client):
    import re

    output = runner.invoke(args=["demo", "seed"]).output
    login, password = re.search(r"Analyste   : (\S+) / (\S+)", output).groups()
    tokens = client.post("/api/v1/auth/token", json={"pseudonym": login, "password": password}).json
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_text_clusters_of_the_demo_observations(client, demo):
    job = client.post("/api/v1/analyses", json={"kind": "text_clusters"}, headers=demo).json
    result = wait_for(client, demo, job["id"], timeout=120)
    assert result["status"] == "finished", result.get("error")
    clusters = result["result"]["clusters"]
    assert 6 <= result["result"]["n_clusters"] <= 16
    assert sum(c["size"] for c in clusters) == result["data"]["rows"] == 300
    assert all(c["label"] and c["quotes"] for c in clusters)
    assert result["result"]["stability"] > 0.5


def test_text_clusters_forced_k_and_too_few_texts(client, demo, make_user):
    job = client.post(
        "/api/v1/analyses",
        json={"kind": "text_clusters", "parameters": {"n_clusters": 5}},
        headers=demo,
    ).json
    assert wait_for(client, demo, job["id"], timeout=120)["result"]["n_clusters"] == 5
    _, lonely = make_user("analyste", ("QP034005",))
    failed = wait_for(
        client,
        lonely,
        client.post("/api/v1/analyses", json={"kind": "text_clusters"}, headers=lonely).json["id"],
    )
    assert failed["status"] == "failed" and "Trop peu d'observations" in failed["error"]


def test_text_clusters_are_reproducible_and_say_their_method_and_stability(client, demo):
    parameters = {"method": "auto", "random_state": 5}
    results = []
    for _ in range(2):
        job = client.post(
            "/api/v1/analyses",
            json={"kind": "text_clusters", "parameters": parameters},
            headers=demo,
        ).json
        finished = wait_for(client, demo, job["id"], timeout=120)
        assert finished["status"] == "finished", finished.get("error")
        results.append(finished["result"])
    assert results[0] == results[1]  # same data, same seed: the same clusters, names, figures
    method = results[0]["method"]
    assert method["method"] in ("guided", "free", "mixed")
    assert method["reason"].startswith("méthode retenue : ")
    for cluster in results[0]["clusters"]:
        assert cluster["name"] and 0 <= cluster["stability"] <= 1
        assert cluster["unstable"] == (cluster["stability"] < 0.5)
    forced = client.post(
        "/api/v1/analyses",
        json={"kind": "text_clusters", "parameters": {"method": "free"}},
        headers=demo,
    ).json
    forced = wait_for(client, demo, forced["id"], timeout=120)["result"]
    assert forced["method"]["method"] == "free" and "demandée" in forced["method"]["reason"]
    bad = client.post(
        "/api/v1/analyses",
        json={"kind": "text_clusters", "parameters": {"method": "magique"}},
        headers=demo,
    )
    assert bad.status_code == 422 and "« method »" in bad.json["message"]  # refused up front


def test_hotspots_never_show_fewer_than_the_threshold(client, demo):
    job = client.post(
        "/api/v1/analyses", json={"kind": "hotspots", "parameters": {"radius_m": 300}}, headers=demo
    ).json
    result = wait_for(client, demo, job["id"], timeout=60)
    assert result["status"] == "finished", result.get("error")
    features = result["result"]["hotspots"]["features"]
    assert features, "the demo's 300 points in 12 QPV make dense places"
    for feature in features:
        assert feature["properties"]["count"] >= 11
        assert feature["geometry"]["type"] in ("Polygon", "Point", "LineString")
    bad = client.post(
        "/api/v1/analyses", json={"kind": "hotspots", "parameters": {"radius_m": 5}}, headers=demo
    )
    assert bad.status_code == 422 and "radius_m" in bad.json["message"]  # refused up front


def test_analyse_texts_cli_works_on_any_csv_without_a_database(runner, tmp_path):
    source = tmp_path / "avis.csv"
    rows = [
        "Les poubelles débordent",
        "Trop de déchets dans la rue",
        "Le bus 12 est toujours en retard",
        "Pas de bus le dimanche",
        "Le parc est sale",
        "Le médecin est parti à la retraite",
    ] * 4
    source.write_text(
        "\ufeffnum;avis\n" + "\n".join(f"{i};{t}" for i, t in enumerate(rows)), encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(
        args=[
            "analyse",
            "texts",
            str(source),
            "--column",
            "avis",
            "--clusters",
            "3",
            "--output",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "num;avis;cluster;cluster_label"
    assert len(lines) == 25
    missing = runner.invoke(args=["analyse", "texts", str(source), "--column", "texte"])
    assert missing.exit_code == 1 and "absente" in missing.output


def two_profiles_of_answers(campaign_id: str) -> list[dict]:
    """60 answers to "vivre-dans-mon-quartier" from two planted profiles (30 unhappy, 30 happy
    with cleanliness, quiet and streets), as the app syncs them."""
    from analysis.survey_stats import simulate_responses
    from surveys import templates

    survey = templates.load("vivre-dans-mon-quartier")
    low, high = {"1": 5, "2": 1}, {"4": 5, "5": 3}
    unhappy = {f"sat_{t}": low for t in ("proprete", "tranquillite", "voirie_eclairage")}
    happy = {f"sat_{t}": high for t in ("proprete", "tranquillite", "voirie_eclairage")}
    simulated = simulate_responses(survey, [unhappy, happy], [30, 30], random_state=3)
    return [
        {
            "campaign_id": campaign_id,
            "id": str(uuid.uuid4()),
            "answers": row["answers"],
            "submitted_at": dt.datetime.now(dt.UTC).isoformat(),
        }
        for row in simulated
    ]


def campaign_of_two_profiles(client, make_user, code: str = "QP031007") -> dict:
    """A campaign of "vivre-dans-mon-quartier" in ``code`` with the 60 answers of
    :func:`two_profiles_of_answers`, synced by a resident; returns the campaign."""
    from tests.backend.test_campaigns import open_campaign

    _, animateur = make_user("animateur", (code,))
    published = client.post(
        "/api/v1/surveys/templates/vivre-dans-mon-quartier", headers=animateur
    ).json
    campaign = open_campaign(client, animateur, published["id"])
    _, resident = make_user("veilleur", (code,))
    items = two_profiles_of_answers(campaign["id"])
    results = client.post("/api/v1/sync", json={"responses": items}, headers=resident).json[
        "results"
    ]
    assert {r["status"] for r in results} == {"created"}, results[:3]
    return campaign


def test_typology_of_a_campaign_s_respondents(client, make_user):
    campaign = campaign_of_two_profiles(client, make_user)
    _, analyst = make_user("analyste", ("QP031007",))
    job = client.post(
        "/api/v1/analyses", json={"kind": "typology", "campaign": campaign["id"]}, headers=analyst
    ).json
    result = wait_for(client, analyst, job["id"], timeout=120)
    assert result["status"] == "finished", result.get("error")
    assert result["result"]["n_classes"] == 2
    assert result["data"]["rows"] == 60
    texts = " ".join(c["text"] for c in result["result"]["classes"])
    assert "Classe 1" in texts and "surreprésentés" in texts
    assert (
        "assignments" not in result["result"] or not result["result"]["assignments"]
    )  # public: no per-person class
    missing = client.post("/api/v1/analyses", json={"kind": "typology"}, headers=analyst).json
    assert "campagne" in wait_for(client, analyst, missing["id"])["error"]


@pytest.mark.parametrize(
    ("kind", "parameters", "field"),
    [
        ("counts", {"since": "pas une date"}, "since"),  # a filter hidden in the options
        ("counts", {"until": "2026-13-45"}, "until"),
        ("text_clusters", {"n_clusters": 1000}, "n_clusters"),
        ("text_clusters", {"n_clusters": "beaucoup"}, "n_clusters"),
        ("text_clusters", {"method": "magique"}, "method"),
        ("text_clusters", {"random_state": True}, "random_state"),
        ("hotspots", {"radius_m": 1e9}, "radius_m"),
        ("hotspots", {"by": "pseudonyme"}, "by"),
        ("typology", {"n_classes": 0}, "n_classes"),
        ("counts", {"n_clusters": 3}, "n_clusters"),  # an option of another kind
    ],
)
def test_bad_options_are_refused_before_any_job_exists(
    client, make_user, app, kind, parameters, field
):
    import sqlalchemy as sa

    from backend.extensions.database import db
    from backend.models import AnalysisJob

    _, analyst = make_user("analyste", ("QP031001",))
    response = client.post(
        "/api/v1/analyses", json={"kind": kind, "parameters": parameters}, headers=analyst
    )
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]["json"]["parameters"]
    assert response.json["message"].startswith(("Paramètre", "Option", f"« {field}"))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AnalysisJob)) == 0

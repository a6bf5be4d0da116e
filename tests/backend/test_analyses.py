"""Analyses run as jobs: 202 with a job, then its status and result; in-process or on RQ."""

from __future__ import annotations

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

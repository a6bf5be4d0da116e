"""Crossing two variables as an analysis: in the requester's scope, under the disclosure
rules, on both databases, reproducible."""

from __future__ import annotations

import pytest

from tests.backend.test_analyses import campaign_of_two_profiles, contributions, demo, wait_for

__all__ = ["contributions", "demo"]  # fixtures


def crossing(row, column, **filters):
    return {"kind": "crossing", "parameters": {"row": row, "column": column}, **filters}


def shown_counts(result):
    return [cell["count"] for cell in result["cells"] if not cell["suppressed"]]


def test_theme_by_type_of_the_demo_observations_in_french_and_reproducible(client, demo):
    job = client.post("/api/v1/analyses", json=crossing("theme", "polarity"), headers=demo).json
    finished = wait_for(client, demo, job["id"], timeout=60)
    assert finished["status"] == "finished", finished.get("error")
    result = finished["result"]
    assert result["n"] == finished["data"]["rows"] == 300
    assert result["row"]["label"] == "Thème" and result["column"]["label"] == "Type d’observation"
    labels = [c["label"] for c in result["row"]["categories"]]
    assert "Propreté" in " ".join(labels), labels
    assert [c["label"] for c in result["column"]["categories"]] == [
        "Difficulté",
        "Ressource",
        "Idée",
    ]
    assert all(count == 0 or count >= 11 for count in shown_counts(result))
    assert result["test"]["verdict"] and result["test"]["dof"] > 0
    again = client.post("/api/v1/analyses", json=crossing("theme", "polarity"), headers=demo).json
    second = wait_for(client, demo, again["id"], timeout=60)
    assert second["result"] == result
    assert second["data"]["rows_sha256"] == finished["data"]["rows_sha256"]


def test_text_groups_by_month_and_territory(client, demo):
    job = client.post("/api/v1/analyses", json=crossing("cluster", "polarity"), headers=demo).json
    finished = wait_for(client, demo, job["id"], timeout=120)
    assert finished["status"] == "finished", finished.get("error")
    groups = finished["result"]["row"]["categories"]
    assert len(groups) >= 2 and all(g["label"].split(". ")[0].isdigit() for g in groups)
    job = client.post("/api/v1/analyses", json=crossing("month", "territory"), headers=demo).json
    finished = wait_for(client, demo, job["id"], timeout=60)
    assert finished["status"] == "finished", finished.get("error")
    months = [c["label"] for c in finished["result"]["row"]["categories"]]
    assert len(months) >= 2 and all(label[-4:].isdigit() for label in months)
    # a sparse table: most cells hidden, and the verdict says why its figures are not given
    assert finished["result"]["n_suppressed"] > 0
    assert "non diffusé" in finished["result"]["test"]["verdict"]


def test_only_my_territories_are_crossed_and_small_tables_say_nothing(
    client, make_user, contributions
):
    _, analyst = make_user("analyste", ("QP031001",))
    job = client.post("/api/v1/analyses", json=crossing("theme", "territory"), headers=analyst)
    assert job.status_code == 202
    finished = wait_for(client, analyst, job.json["id"])
    # 3 observations of mine (2 themes) but only one territory: nothing to cross
    assert finished["status"] == "failed" and "deux valeurs" in finished["error"]
    job = client.post("/api/v1/analyses", json=crossing("theme", "polarity"), headers=analyst).json
    finished = wait_for(client, analyst, job["id"])  # all three are « difficulte »
    assert finished["status"] == "failed" and "Type d’observation" in finished["error"]
    _, everywhere = make_user("analyste", ("QP031001", "QP034005"))
    job = client.post("/api/v1/analyses", json=crossing("theme", "territory"), headers=everywhere)
    finished = wait_for(client, everywhere, job.json["id"])
    assert finished["status"] == "finished", finished.get("error")
    result = finished["result"]
    assert finished["data"]["rows"] == 4
    assert result["n"] is None and result["test"]["verdict"] is None  # 4 < 11: all hidden
    assert all(cell["suppressed"] and cell["count"] is None for cell in result["cells"])
    assert all(c["total"] is None for c in result["row"]["categories"])
    foreign = client.post(
        "/api/v1/analyses",
        json=crossing("theme", "polarity", territory="QP034005"),
        headers=analyst,
    )
    assert foreign.status_code == 404
    _, veilleur = make_user("veilleur")
    assert (
        client.post(
            "/api/v1/analyses", json=crossing("theme", "polarity"), headers=veilleur
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"row": "theme"}, "column"),
        ({"column": "theme"}, "row"),
        ({"row": "pseudonyme", "column": "theme"}, "row"),
        ({"row": "theme", "column": "theme"}, "column"),
        ({"row": "theme", "column": "x" * 200}, "column"),
        ({"row": "theme", "column": ["a"]}, "column"),
    ],
)
def test_bad_crossings_are_refused_before_any_job_exists(client, make_user, parameters, field):
    _, analyst = make_user("analyste")
    response = client.post(
        "/api/v1/analyses", json={"kind": "crossing", "parameters": parameters}, headers=analyst
    )
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]["json"]["parameters"]
    assert client.get("/api/v1/analyses", headers=analyst).json == []


def test_two_questions_of_a_survey_crossed(client, make_user):
    campaign = campaign_of_two_profiles(client, make_user)
    _, analyst = make_user("analyste", ("QP031007",))
    body = crossing("sat_proprete", "sat_tranquillite", campaign=campaign["id"])
    job = client.post("/api/v1/analyses", json=body, headers=analyst).json
    finished = wait_for(client, analyst, job["id"], timeout=60)
    assert finished["status"] == "finished", finished.get("error")
    result = finished["result"]
    assert finished["data"]["rows"] == 60
    assert result["test"]["significant"]  # the two planted profiles
    assert "sont liés" in result["test"]["verdict"]
    assert all(count == 0 or count >= 11 for count in shown_counts(result))
    assert result["row"]["label"] != "sat_proprete"  # the question's French label
    unknown = client.post(
        "/api/v1/analyses",
        json=crossing("sat_proprete", "inconnue", campaign=campaign["id"]),
        headers=analyst,
    ).json
    assert wait_for(client, analyst, unknown["id"])["status"] == "failed"
    _, other = make_user("analyste", ("QP031001",))
    job = client.post("/api/v1/analyses", json=body, headers=other).json
    # another territory's analyst: none of these respondents, nothing to cross
    assert wait_for(client, other, job["id"])["status"] == "failed"

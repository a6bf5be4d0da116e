"""Numbers and strings no field can hold: a clear French 400/422, never a 500.

Before: a JSON integer of more than 4,300 digits made Python's int() raise a ValueError that was
not a JSON error, and the request ended in a 500."""

from __future__ import annotations

import pytest

from tests.backend.conftest import observation_payload

HUGE_INT = "9" * 5000
BODIES = {
    "an integer of 5,000 digits": '{"accuracy_m": ' + HUGE_INT + "}",
    "a negative one": '{"accuracy_m": -' + HUGE_INT + "}",
    "an integer beyond 64 bits": '{"accuracy_m": 99999999999999999999}',
    "deep inside an object": '{"a": {"b": [1, 2, {"c": ' + HUGE_INT + "}]}}",
    "a float beyond a double": '{"accuracy_m": 1e999}',
    "a float of 5,000 digits": '{"accuracy_m": ' + HUGE_INT + ".5}",
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
@pytest.mark.parametrize("path", ["/api/v1/observations", "/api/v1/sync", "/api/v1/surveys"])
def test_a_number_no_field_can_hold_is_a_400_in_french(client, make_user, body, path):
    _, headers = make_user("animateur")
    response = client.post(path, data=body, headers={**headers, "Content-Type": "application/json"})
    assert response.status_code == 400, response.json
    assert "trop grand" in response.json["message"]
    assert response.json["errors"]["json"] == [response.json["message"]]


def test_numbers_within_bounds_still_pass(client, veilleur):
    _, headers = veilleur
    report = observation_payload(accuracy_m=9_007_199_254_740_993)
    response = client.post("/api/v1/observations", json=report, headers=headers)
    # Accepted as a number, then judged by the field's own range (a GPS accuracy in metres).
    assert response.status_code == 422
    assert "accuracy_m" in response.json["errors"]["json"]


QUERIES = {
    "page of 5,000 digits": "/api/v1/observations?page=" + HUGE_INT,
    "page size of 5,000 digits": "/api/v1/observations?page_size=" + HUGE_INT,
    "negative page": "/api/v1/observations?page=-" + HUGE_INT,
    "page as a float": "/api/v1/observations?page=1e999",
    "huge page size": "/api/v1/observations?page_size=100000000000",
}


@pytest.mark.parametrize("url", QUERIES.values(), ids=QUERIES.keys())
def test_an_absurd_number_in_the_query_is_a_422_in_french(client, make_user, url):
    _, headers = make_user("analyste", territories=("31555",))
    response = client.get(url, headers=headers)
    assert response.status_code == 422, response.json
    assert response.json["message"].startswith("Certaines données sont invalides")
    assert response.json["errors"]["query"]


def test_a_huge_string_in_the_query_is_answered_not_a_500(client, make_user):
    _, headers = make_user("analyste", territories=("31555",))
    for url in (
        "/api/v1/observations?theme=" + "x" * 100_000,
        "/api/v1/surveys?form_id=" + "x" * 100_000,
        "/api/v1/territories?parent=" + "é" * 50_000,
    ):
        response = client.get(url, headers=headers)
        assert response.status_code in (200, 422), (url[:40], response.status_code)
        if response.status_code == 200:
            assert response.json == []

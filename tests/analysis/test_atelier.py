"""The pure rules of ateliers: steps, answers, what the room sees, the barometer."""

from __future__ import annotations

import pytest

from analysis import atelier


def test_rankings_count_borda_points_and_dots_add_up():
    ranking = {"kind": "priorites", "question": "Q", "items": ["a", "b", "c"]}
    results = atelier.step_results(ranking, [["a", "b"], ["b", "a", "c"], ["b"]], threshold=3)
    assert {r["name"]: r["count"] for r in results["rows"]} == {"a": 5, "b": 8, "c": 1}
    assert results["order"] == ["b", "a", "c"]
    dots = {"kind": "gommettes", "question": "Q", "items": ["a", "b"], "dots": 3}
    assert atelier.check_answer(dots, {"a": 3, "b": 0}) == {"a": 3}
    with pytest.raises(atelier.AtelierDefinitionError, match="entre 1 et 3"):
        atelier.check_answer(dots, {"a": 2, "b": 2})


def test_nothing_is_distributed_below_the_threshold():
    scale = atelier.check_steps([{"kind": "cooperation"}])[0]
    shown = atelier.step_results(scale, ["assistance"] * 4, threshold=5)
    assert shown == {"answers": 4, "threshold": 5, "shown": False}
    people = atelier.attendance(["elu", "habitant", None] + ["habitant"] * 5, threshold=5)
    by_role = {r["role"]: (r["count"], r["fewer"]) for r in people["by_role"]}
    assert by_role["habitant"] == (6, False) and by_role["elu"] == (None, True)
    assert by_role["autre"] == (None, True) and people["total"] == 8


def test_the_barometer_follows_the_mean_level_from_one_atelier_to_the_next():
    scale = atelier.check_steps([{"kind": "cooperation"}])[0]
    records = [
        {
            "title": t,
            "held_on": d,
            "steps": [scale | {"results": atelier.step_results(scale, v, 2)}],
        }
        for t, d, v in (
            ("mars", "2026-03-12", ["coexistence", "communication"]),
            ("juin", "2026-06-18", ["assistance", "coordination"]),
        )
    ]
    points = atelier.barometer(records)
    assert [p["mean_level"] for p in points] == [2.5, 4.5] and points[1]["change"] == 2.0

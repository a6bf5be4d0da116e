"""The app's expression engine, in Chromium, against the cases ported from Enketo's and
JavaRosa's suites (tests/data/xpath_conformance.json): the same pass rate, the same refusals and
the same listed deviations as the server's engine (tests/surveys/test_xpath_conformance.py).
"""

from __future__ import annotations

import json

import pytest

from tests.pwa.test_expressions_in_the_page import evaluator_url
from tests.surveys.xpath_conformance import CASES, DEVIATIONS, MINIMUM_PASS_RATE, case_key, report

pytestmark = pytest.mark.browser

RUN = """async ([url, cases]) => {
  const m = await import(url);
  const offset = (text) => (text[0] === "-" ? -1 : 1) * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
  return cases.map((c) => {
    let expression;
    try { expression = m.compile(c.expression); }
    catch (e) { return e.code ? { kind: "refused", code: e.code } : { kind: "crash", code: String(e.stack) }; }
    const context = new m.Context(c.answers || {}, {
      current: c.context ?? "", now: c.now ? m.fixedClock(c.now) : null,
      zone: offset(c.timezone || "+00:00"), language: c.language ?? null,
    });
    let value;
    try { value = expression.evaluate(context); }
    catch (e) { return e.code ? { kind: "error", code: e.code } : { kind: "crash", code: String(e.stack) }; }
    return m.inZone(context.zone, () => ({
      kind: "value", string: m.toString(value), number: m.toString(m.toNumber(value)),
      boolean: m.toBoolean(value),
    }));
  });
}"""


def test_the_app_engine_passes_the_conformance_suite(server, page):
    page.goto("/")
    outcomes = page.evaluate(RUN, [evaluator_url(server), CASES])
    crashes = [
        (case_key(c), o) for c, o in zip(CASES, outcomes, strict=True) if o["kind"] == "crash"
    ]
    assert crashes == []
    rate, unexpected, fixed = report(outcomes)
    print(f"conformité XPath (application) : {rate:.1%} de {len(CASES)} cas")
    assert unexpected == [], json.dumps(unexpected[:20], ensure_ascii=False, indent=1)
    assert fixed == []
    assert rate >= MINIMUM_PASS_RATE
    refused = [
        case_key(c)
        for c, o in zip(CASES, outcomes, strict=True)
        if c["expect"] == "refused" and o["kind"] != "refused"
    ]
    assert set(refused) <= DEVIATIONS.keys()


DEVICE_ZONE = """async ([url, expressions]) => {
  const m = await import(url);
  return expressions.map((text) => m.toString(m.evaluate(text, new m.Context({}))));
}"""


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/Phoenix", ["17532.291666666668", "1970-01-01T14:50:49.000-07:00", "0"]),
        ("Europe/Paris", ["17531.958333333332", "1970-01-01T22:50:49.000+01:00", "0.3333333333333333"]),
    ],
)  # fmt: skip
def test_the_app_reads_dates_in_the_phones_own_time_zone(browser, server, zone, expected):
    """No zone given: the phone's. A date is its local midnight, a date-time is shown on its
    clock, a time is converted to it (Phoenix stays at -07:00 all year; Paris is at +01:00 in
    January, when these expressions are evaluated from the fixed dates they name)."""
    context = browser.new_context(base_url=server.url, timezone_id=zone)
    page = context.new_page()
    page.clock.set_fixed_time("2026-01-15T12:00:00Z")
    page.goto("/")
    got = page.evaluate(
        DEVICE_ZONE,
        [
            evaluator_url(server),
            [
                "number('2018-01-01')",
                "string(date-time('1970-01-01T21:50:49Z'))",
                "decimal-time('06:00:00.000-01:00')",
            ],
        ],
    )
    context.close()
    assert got == expected

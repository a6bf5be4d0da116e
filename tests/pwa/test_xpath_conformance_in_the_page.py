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

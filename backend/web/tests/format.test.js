// French formats (shared/format.js), in the time zone of the organisers and residents.
import "./paris.js";
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  dateValue,
  dayToIso,
  formatDay,
  formatMoment,
  formatMonth,
  formatNumber,
  formatShare,
  formatShortMoment,
  periodLabel,
} from "../shared/format.js";

const NNBSP = "\u202f"; // French groups digits with a narrow no-break space…
const NBSP = "\u00a0"; // …and puts a no-break space before %

test("numbers and shares are written the French way, a dash when there is none", () => {
  assert.equal(formatNumber(12345.6), `12${NNBSP}345,6`);
  assert.equal(formatNumber(0), "0");
  assert.equal(formatNumber(-3), "-3");
  assert.equal(formatNumber(null), "—");
  assert.equal(formatNumber(undefined), "—");
  assert.equal(formatShare(0.424), `42${NBSP}%`);
  assert.equal(formatShare(null), "—");
});

test("days and moments read in Paris time, with the placeholder asked for", () => {
  assert.equal(formatDay("2025-05-03T22:30:00Z"), "4 mai 2025"); // already the 4th in Paris
  assert.equal(formatDay(null), "—");
  assert.equal(formatDay("", ""), "");
  assert.equal(formatMoment("2025-05-03T12:05:00Z"), "3 mai 2025 à 14:05");
  assert.equal(formatShortMoment("2025-12-24T17:00:00Z"), "24/12/2025 18:00");
  assert.equal(formatShortMoment(undefined), "");
  assert.equal(formatMonth("2026-02"), "février 2026");
  assert.equal(formatMonth(""), "");
});

test("a period says its last day, the API's end being exclusive", () => {
  assert.equal(periodLabel("2025-05-02T22:00:00Z", "2026-05-02T22:00:00Z"), "du 3 mai 2025 au 2 mai 2026");
  assert.equal(periodLabel("2025-05-02T22:00:00Z", null), "depuis le 3 mai 2025");
  assert.equal(periodLabel(null, "2026-01-01T00:00:00+01:00"), "jusqu'au 31 décembre 2025");
  assert.equal(periodLabel(null, null), "toute la période");
});

test("date fields round-trip through the local day, across a change to summer time", () => {
  assert.equal(dayToIso("2025-03-30"), "2025-03-29T23:00:00.000Z");
  assert.equal(dayToIso("2025-03-30", true), "2025-03-30T21:59:59.000Z");
  assert.equal(dateValue(new Date(dayToIso("2025-03-30", true))), "2025-03-30");
  assert.equal(dateValue(new Date(2025, 0, 5)), "2025-01-05");
});

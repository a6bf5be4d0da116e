// The outbox's sending rules (app/sync-plan.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { afterFailure, afterResult, BATCH, batchesToSend, isDue, retryDelay, syncBody } from "../app/sync-plan.js";

const NOW = 1_700_000_000_000;
let counter = 0;
function item(changes = {}) {
  counter += 1;
  const id = `id-${counter}`;
  return {
    id,
    kind: "observation",
    payload: { id },
    state: "pending",
    stored: false,
    attempts: 0,
    nextAttemptAt: 0,
    errors: null,
    photos: [],
    ...changes,
  };
}

test("retries wait 5 s, 15 s, 45 s… up to 10 minutes, give or take 20 %", () => {
  const middle = () => 0.5;
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => retryDelay(n, middle)),
    [5_000, 15_000, 45_000, 135_000],
  );
  assert.equal(retryDelay(0, middle), 5_000);
  assert.equal(retryDelay(50, middle), 600_000);
  assert.equal(
    retryDelay(1, () => 0),
    4_000,
  );
  assert.equal(
    retryDelay(1, () => 1),
    6_000,
  );
  for (let i = 0; i < 200; i++) {
    const delay = retryDelay(3);
    assert.ok(delay >= 36_000 && delay <= 54_000, `${delay}`);
  }
});

test("only waiting items are due, and the backoff holds unless the resident presses send", () => {
  const later = item({ nextAttemptAt: NOW + 1 });
  assert.equal(isDue(item({ nextAttemptAt: NOW }), { manual: false, now: NOW }), true);
  assert.equal(isDue(later, { manual: false, now: NOW }), false);
  assert.equal(isDue(later, { manual: true, now: NOW }), true);
  for (const state of ["invalid", "conflict", "photo-error"]) {
    assert.equal(isDue(item({ state }), { manual: true, now: NOW }), false, state);
  }
});

test("due items the server does not hold yet go in batches of 100, in order", () => {
  const waiting = Array.from({ length: 2 * BATCH + 50 }, () => item());
  const others = [item({ stored: true }), item({ state: "invalid" }), item({ nextAttemptAt: NOW + 60_000 })];
  const batches = batchesToSend([...others, ...waiting], { manual: false, now: NOW });
  assert.deepEqual(
    batches.map((b) => b.length),
    [100, 100, 50],
  );
  assert.deepEqual(batches.flat(), waiting);
  assert.deepEqual(batchesToSend(others, { manual: false, now: NOW }), []);
});

test("a batch's body holds observations and survey responses apart", () => {
  const observation = item();
  const response = item({ kind: "response", payload: { id: "r", campaign_id: "c", answers: {} } });
  assert.deepEqual(syncBody([observation, response]), {
    observations: [observation.payload],
    responses: [response.payload],
  });
});

test("what the server answers decides what becomes of each item", () => {
  const plain = item();
  const withPhoto = item({ photos: [{ id: "p", sent: false, error: null }] });
  for (const status of ["created", "duplicate"]) {
    assert.deepEqual(afterResult(plain, { id: plain.id, kind: "observation", status }), {
      changes: { stored: true, attempts: 0, nextAttemptAt: 0 },
      remove: true,
    });
    assert.equal(afterResult(withPhoto, { id: withPhoto.id, kind: "observation", status }).remove, false);
  }
  const errors = { text: ["Trop long."] };
  assert.deepEqual(afterResult(plain, { id: plain.id, kind: "observation", status: "invalid", errors }), {
    changes: { state: "invalid", errors, answered: null },
    remove: false,
  });
  assert.deepEqual(afterResult(plain, { id: plain.id, kind: "observation", status: "conflict" }).changes, {
    state: "conflict",
    errors: null,
    answered: null,
  });
  // Already answered (one answer per person): the response to correct is kept with the item.
  const answered = { id: plain.id, kind: "response", status: "conflict", errors, response_id: "r1" };
  assert.equal(afterResult(plain, answered).changes.answered, "r1");
});

test("a failed attempt is counted and pushes the next one back", () => {
  const failed = afterFailure(item({ attempts: 2 }), NOW, () => 0.5);
  assert.equal(failed.attempts, 3);
  assert.equal(failed.nextAttemptAt, NOW + 45_000);
  assert.equal(failed.state, "pending");
});

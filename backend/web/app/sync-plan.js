// The outbox's sending rules, apart from IndexedDB and the network: what is due, what a batch to
// POST /sync holds, what each answer does to its item, when to retry. Pure; tested under node.

/** Items per POST /sync (the server takes up to this many of each kind). */
export const BATCH = 100;

/**
 * @typedef {{id: string, kind: "observation" | "response", payload: object, state: string,
 *   stored: boolean, attempts: number, nextAttemptAt: number, errors: object | null,
 *   photos: Array<{id: string, sent: boolean, error: string | null}>, answered?: string | null}} OutboxItem
 * @typedef {{id: string, kind: string, status: string, errors?: object, response_id?: string}} SyncResult
 */

/**
 * 5 s, 15 s, 45 s… up to 10 minutes, with some jitter so phones do not retry in step.
 * @param {number} attempts the failed attempts so far (1 after the first failure)
 * @param {() => number} random
 */
export function retryDelay(attempts, random = Math.random) {
  const base = Math.min(5_000 * 3 ** Math.max(0, attempts - 1), 600_000);
  return Math.round(base * (0.8 + random() * 0.4));
}

/**
 * Waiting and due now; ``manual`` (the "Envoyer maintenant" button) ignores the backoff.
 * @param {OutboxItem} item
 * @param {{manual: boolean, now: number}} when
 */
export const isDue = (item, { manual, now }) => item.state === "pending" && (manual || item.nextAttemptAt <= now);

/**
 * The due items not yet stored by the server, in batches of ``size``.
 * @param {OutboxItem[]} items
 * @param {{manual: boolean, now: number}} when
 * @returns {OutboxItem[][]}
 */
export function batchesToSend(items, when, size = BATCH) {
  const unsent = items.filter((item) => isDue(item, when) && !item.stored);
  const batches = [];
  for (let start = 0; start < unsent.length; start += size) batches.push(unsent.slice(start, start + size));
  return batches;
}

/**
 * The body of POST /sync for a batch.
 * @param {OutboxItem[]} items
 */
export const syncBody = (items) => ({
  observations: items.filter((i) => i.kind === "observation").map((i) => i.payload),
  responses: items.filter((i) => i.kind === "response").map((i) => i.payload),
});

/**
 * What the server's answer for one item does to it: stored (then removed unless photos wait), or
 * kept with the server's state (``invalid``, ``conflict``) and errors for the resident to decide.
 * @param {OutboxItem} item
 * @param {SyncResult} result
 * @returns {{changes: Partial<OutboxItem>, remove: boolean}}
 */
export function afterResult(item, result) {
  if (result.status === "created" || result.status === "duplicate") {
    return { changes: { stored: true, attempts: 0, nextAttemptAt: 0 }, remove: !item.photos.length };
  }
  // ``response_id``: already answered (one answer per person): the response to correct instead.
  const answered = result.response_id || null;
  return { changes: { state: result.status, errors: result.errors || null, answered }, remove: false };
}

/**
 * An item after a failed attempt: one more attempt counted, the next one pushed back.
 * @param {OutboxItem} item
 * @param {number} now
 * @param {() => number} random
 */
export const afterFailure = (item, now, random = Math.random) => ({
  ...item,
  attempts: item.attempts + 1,
  nextAttemptAt: now + retryDelay(item.attempts + 1, random),
});

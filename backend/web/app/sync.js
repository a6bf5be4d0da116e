// Sends the outbox: items in batches to POST /sync (answered item by item), then their photos.
// Safe to repeat: the server recognises an item by its id and a photo by its bytes, so a send
// whose answer was lost is simply sent again. Failures wait longer each time (backoff).
import { request, sendJson } from "../shared/api.js";
import { ApiError, SessionExpired } from "../shared/http.js";
import { listItems, removeItem, updateItem } from "./outbox.js";
import { currentUser } from "../shared/session.js";
import { afterFailure, afterResult, batchesToSend, isDue, syncBody } from "./sync-plan.js";

const listeners = new Set();
let status = { running: false, lastError: null, lastSentAt: null };
let running = null;
let timer = null;

export const syncStatus = () => status;

export function onSyncChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function setStatus(changes) {
  status = { ...status, ...changes };
  listeners.forEach((fn) => fn(status));
}

/** Send what is due now; ``manual`` (the "Envoyer maintenant" button) ignores the backoff. */
export function syncNow({ manual = false } = {}) {
  running ||= run(manual).finally(() => {
    running = null;
    setStatus({ running: false });
    schedule();
  });
  return running;
}

async function run(manual) {
  const user = currentUser();
  if (!user || (!manual && !navigator.onLine)) return;
  const when = { manual, now: Date.now() };
  const items = await listItems(user.id);
  if (!items.some((item) => isDue(item, when))) return;
  setStatus({ running: true });
  try {
    for (const batch of batchesToSend(items, when)) await sendBatch(batch);
    for (const item of await listItems(user.id)) {
      if (item.stored && isDue(item, when)) await sendPhotos(item);
    }
    setStatus({ lastError: null, lastSentAt: new Date().toISOString() });
  } catch (error) {
    if (!(error instanceof ApiError) && !error.retryable) console.error(error);
    setStatus({ lastError: error.message });
  }
}

async function failed(items, error) {
  if (error instanceof SessionExpired) throw error; // the resident must log in again; nothing is lost
  for (const item of items) {
    await updateItem(item.id, (stored) => afterFailure(stored, Date.now()));
  }
  throw error;
}

async function sendBatch(items) {
  let results;
  try {
    results = (await sendJson("POST", "/sync", syncBody(items))).results;
  } catch (error) {
    await failed(items, error);
  }
  for (const result of results) {
    const item = items.find((i) => i.id === result.id && i.kind === result.kind);
    if (!item) continue;
    const { changes, remove } = afterResult(item, result);
    await updateItem(item.id, (s) => ({ ...s, ...changes }));
    if (remove) await removeItem(item.id);
  }
}

async function sendPhotos(item) {
  for (const photo of item.photos.filter((p) => !p.sent && !p.error)) {
    const form = new FormData();
    form.append("file", photo.blob, `${photo.id}.jpg`);
    try {
      await request(`/observations/${item.id}/photos`, { method: "POST", form });
      await updateItem(item.id, (s) => markPhoto(s, photo.id, { sent: true, blob: null }));
    } catch (error) {
      if (error instanceof ApiError && !error.retryable && error.status !== 401) {
        await updateItem(item.id, (s) => markPhoto(s, photo.id, { error: error.message }));
      } else {
        await failed([item], error);
      }
    }
  }
  const after = (await listItems(item.userId)).find((i) => i.id === item.id);
  if (after && after.photos.every((p) => p.sent)) await removeItem(item.id);
  else if (after) await updateItem(item.id, (s) => ({ ...s, state: "photo-error" }));
}

function markPhoto(item, photoId, changes) {
  return { ...item, photos: item.photos.map((p) => (p.id === photoId ? { ...p, ...changes } : p)) };
}

/** The photos the server refused are dropped; the observation itself is already stored. */
export async function dropFailedPhotos(id) {
  await updateItem(id, (s) => ({ ...s, photos: s.photos.filter((p) => !p.error), state: "pending" }));
  return syncNow({ manual: true });
}

async function schedule() {
  clearTimeout(timer);
  const user = currentUser();
  if (!user) return;
  const next = (await listItems(user.id))
    .filter((i) => i.state === "pending")
    .map((i) => i.nextAttemptAt)
    .sort((a, b) => a - b)[0];
  if (next !== undefined) timer = setTimeout(() => syncNow(), Math.max(next - Date.now(), 5_000));
}

/** Send at start-up, when the network comes back, and when the app comes back to the screen. */
export function startSync() {
  addEventListener("online", () => syncNow());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") syncNow();
  });
  return syncNow();
}

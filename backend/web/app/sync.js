// Sends the outbox: items in batches to POST /sync (answered item by item), then their photos.
// Safe to repeat: the server recognises an item by its id and a photo by its bytes, so a send
// whose answer was lost is simply sent again. Failures wait longer each time (backoff).
import { request, sendJson } from "../shared/api.js";
import { ApiError, SessionExpired } from "../shared/http.js";
import { listItems, removeItem, updateItem } from "./outbox.js";
import { currentUser } from "../shared/session.js";

const BATCH = 100;
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

/** 5 s, 15 s, 45 s… up to 10 minutes, with some jitter so phones do not retry in step. */
export function retryDelay(attempts) {
  const base = Math.min(5_000 * 3 ** Math.max(0, attempts - 1), 600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
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
  const due = (item) => manual || item.nextAttemptAt <= Date.now();
  const waiting = (await listItems(user.id)).filter((i) => i.state === "pending" && due(i));
  if (!waiting.length) return;
  setStatus({ running: true });
  try {
    const unsent = waiting.filter((i) => !i.stored);
    for (let start = 0; start < unsent.length; start += BATCH) {
      await sendBatch(unsent.slice(start, start + BATCH));
    }
    for (const item of await listItems(user.id)) {
      if (item.state === "pending" && item.stored && due(item)) await sendPhotos(item);
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
    await updateItem(item.id, (stored) => ({
      ...stored,
      attempts: stored.attempts + 1,
      nextAttemptAt: Date.now() + retryDelay(stored.attempts + 1),
    }));
  }
  throw error;
}

async function sendBatch(items) {
  const body = {
    observations: items.filter((i) => i.kind === "observation").map((i) => i.payload),
    responses: items.filter((i) => i.kind === "response").map((i) => i.payload),
  };
  let results;
  try {
    results = (await sendJson("POST", "/sync", body)).results;
  } catch (error) {
    await failed(items, error);
  }
  for (const result of results) {
    const item = items.find((i) => i.id === result.id && i.kind === result.kind);
    if (!item) continue;
    if (result.status === "created" || result.status === "duplicate") {
      await updateItem(item.id, (s) => ({ ...s, stored: true, attempts: 0, nextAttemptAt: 0 }));
      if (!item.photos.length) await removeItem(item.id);
    } else {
      await updateItem(item.id, (s) => ({ ...s, state: result.status, errors: result.errors || null }));
    }
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

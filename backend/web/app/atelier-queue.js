// A workshop participant's sending: the participation token and the answers, ideas and supports
// not yet acknowledged, kept in localStorage so a weak network, a reload or a locked phone loses
// nothing. Each item carries its client id: sending it twice counts once (the API is idempotent).
import { call, NetworkError } from "../shared/http.js";

const KEY = "veilleurs.atelier";
const QUEUE = "veilleurs.atelier.queue";

/** @returns {{code: string, token: string} | null} */
export function participation() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || "null");
  } catch {
    return null;
  }
}

export function keepParticipation(code, token) {
  localStorage.setItem(KEY, JSON.stringify({ code, token }));
  localStorage.removeItem(QUEUE);
}

export function leave() {
  localStorage.removeItem(KEY);
  localStorage.removeItem(QUEUE);
}

/** @returns {Array<{key: string, method: string, path: string, json?: object}>} */
export function queued() {
  try {
    return JSON.parse(localStorage.getItem(QUEUE) || "[]");
  } catch {
    return [];
  }
}

/** Queue a write; an item with the same key (the same step's answer) replaces the older one. */
export function enqueue(item) {
  const items = queued().filter((i) => i.key !== item.key);
  items.push(item);
  localStorage.setItem(QUEUE, JSON.stringify(items));
}

function drop(key) {
  localStorage.setItem(QUEUE, JSON.stringify(queued().filter((i) => i.key !== key)));
}

/** The participant's calls: their token in the X-Participation header. */
export function participate(path, options = {}) {
  const token = participation()?.token;
  return call(path, { ...options, headers: { ...options.headers, ...(token ? { "X-Participation": token } : {}) } });
}

let lastTag = null;

/** What is projected now, or null when nothing changed since the last read (304 on its ETag). */
export async function readParticipation() {
  try {
    const response = await participate("/ateliers/participation", {
      headers: lastTag ? { "If-None-Match": lastTag } : {},
    });
    lastTag = response.headers.get("ETag");
    return await response.json();
  } catch (error) {
    if (error.status === 304) return null;
    throw error;
  }
}

/** Forget the ETag: the next read brings the whole view (a new screen, a new participation). */
export function forgetTag() {
  lastTag = null;
}

let sending = false;

/**
 * Send what is queued, oldest first; stop at the first network failure (retried later).
 * @param {(message: string) => void} onRefused told when the server refuses an item for good
 * @returns {Promise<boolean>} whether the queue is empty
 */
export async function flush(onRefused) {
  if (sending) return false;
  sending = true;
  try {
    for (const item of queued()) {
      try {
        await participate(item.path, { method: item.method, json: item.json });
        drop(item.key);
      } catch (error) {
        if (error instanceof NetworkError || error.retryable) return false;
        drop(item.key);
        onRefused(error.message);
      }
    }
    return true;
  } finally {
    sending = false;
  }
}

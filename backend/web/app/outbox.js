// The outbox: every observation (and, later, every survey response) is saved here first, with the
// id the server uses to recognise a retry, then sent by sync.js. Kinds: "observation" | "response".
import { outboxDb } from "../shared/store.js";

const listeners = new Set();
const channel = "BroadcastChannel" in self ? new BroadcastChannel("veilleurs-outbox") : null;
if (channel) channel.onmessage = () => listeners.forEach((fn) => fn());

export function onOutboxChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed() {
  listeners.forEach((fn) => fn());
  channel?.postMessage("changed");
}

/** States: "pending" (waits, or being retried), "invalid" and "conflict" (the resident decides). */
export function newItem(kind, userId, payload, photos = []) {
  return {
    id: payload.id,
    kind,
    userId,
    payload,
    photos: photos.map((blob) => ({ id: crypto.randomUUID(), blob, sent: false, error: null })),
    state: "pending",
    stored: false, // the server has the item itself (photos may still be waiting)
    attempts: 0,
    nextAttemptAt: 0,
    errors: null,
    createdAt: new Date().toISOString(),
  };
}

export async function listItems(userId) {
  const items = await outboxDb.all();
  return items.filter((i) => i.userId === userId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export const getItem = (id) => outboxDb.get(id);

export async function addItem(item) {
  await outboxDb.put(item);
  changed();
}

export async function updateItem(id, fn) {
  await outboxDb.update(id, fn);
  changed();
}

export async function removeItem(id) {
  await outboxDb.remove(id);
  changed();
}

/** After a conflict: the same content under a new id, so the server takes it as a new report. */
export async function sendAsNew(id) {
  const item = await outboxDb.get(id);
  if (!item) return;
  const fresh = crypto.randomUUID();
  await outboxDb.put({
    ...item,
    id: fresh,
    payload: { ...item.payload, id: fresh },
    state: "pending",
    stored: false,
    attempts: 0,
    nextAttemptAt: 0,
    errors: null,
  });
  await outboxDb.remove(id);
  changed();
}

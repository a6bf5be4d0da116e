// IndexedDB, through idb-keyval: the outbox (what waits to be sent) and a cache of what the app
// needs offline (themes, territory outlines, the last list of my observations).
import { createStore, del, get, set, update, values } from "idb-keyval";

const outboxStore = createStore("veilleurs-outbox", "items");
const cacheStore = createStore("veilleurs-cache", "data");

export const outboxDb = {
  all: () => values(outboxStore),
  get: (id) => get(id, outboxStore),
  put: (item) => set(item.id, item, outboxStore),
  update: (id, fn) => update(id, (item) => (item ? fn(item) : item), outboxStore),
  remove: (id) => del(id, outboxStore),
};

export const cache = {
  get: (key) => get(key, cacheStore),
  set: (key, value) => set(key, value, cacheStore),
  remove: (key) => del(key, cacheStore),
};

/** A cached value, refreshed from ``load()`` when possible; the cached one when offline. */
export async function cachedFetch(key, load) {
  try {
    const value = await load();
    await cache.set(key, value);
    return value;
  } catch (error) {
    const value = await cache.get(key);
    if (value === undefined) throw error;
    return value;
  }
}

/** The cached value when there is one (refreshed in the background if ``refresh``), else loaded. */
export async function cacheFirst(key, load, { refresh = false } = {}) {
  const value = await cache.get(key);
  if (value === undefined) {
    const fresh = await load();
    await cache.set(key, fresh);
    return fresh;
  }
  if (refresh)
    load().then(
      (fresh) => cache.set(key, fresh),
      () => {},
    );
  return value;
}

// Preact hooks over the app's state: the network, the outbox and the sync status (the session's
// is in shared/hooks.js).
import { useEffect, useState } from "preact/hooks";
import { listItems, onOutboxChange } from "./outbox.js";
import { onSyncChange, syncStatus } from "./sync.js";

export function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener("online", update);
    addEventListener("offline", update);
    return () => {
      removeEventListener("online", update);
      removeEventListener("offline", update);
    };
  }, []);
  return online;
}

/** The outbox items of this user, kept up to date (null until read). */
export function useOutbox(userId) {
  const [items, setItems] = useState(null);
  useEffect(() => {
    let alive = true;
    const read = () => listItems(userId).then((list) => alive && setItems(list));
    read();
    const stop = onOutboxChange(read);
    return () => {
      alive = false;
      stop();
    };
  }, [userId]);
  return items;
}

export function useSyncStatus() {
  const [status, setStatus] = useState(syncStatus());
  useEffect(() => onSyncChange(setStatus), []);
  return status;
}

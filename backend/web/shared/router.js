// Both apps address their screens by the URL's fragment (#/…): the server serves one page each, and
// the service worker has a single page to keep for offline use.
import { useEffect, useState } from "preact/hooks";

/** The URL's fragment, kept up to date. */
export function useHash() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return hash;
}

export function go(path) {
  location.hash = path;
}

/** Go to a screen in place of this one (no "back" to it), e.g. after logging in or out. */
export function replace(path) {
  history.replaceState(null, "", location.pathname + "#" + path);
  dispatchEvent(new HashChangeEvent("hashchange"));
}

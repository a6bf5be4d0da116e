// Screens are addressed by the URL's fragment (#/mes-observations…): the server only serves "/",
// and the service worker has a single page to keep for offline use.
import { useEffect, useState } from "preact/hooks";

const ROUTES = [
  [/^#?\/?$/, () => ({ name: "report" })],
  [/^#\/signaler$/, () => ({ name: "report" })],
  [/^#\/mes-observations$/, () => ({ name: "mine" })],
  [/^#\/modifier\/([\w-]+)$/, (m) => ({ name: "edit", id: m[1] })],
  [/^#\/enquetes$/, () => ({ name: "surveys" })],
  [/^#\/enquetes\/corriger\/([\w-]+)$/, (m) => ({ name: "survey", correcting: m[1] })],
  [/^#\/enquetes\/([^/]+)$/, (m) => ({ name: "survey", id: decodeURIComponent(m[1]) })],
  [/^#\/compte$/, () => ({ name: "account" })],
  [/^#\/confidentialite$/, () => ({ name: "privacy" })],
  [/^#\/connexion$/, () => ({ name: "login" })],
  [/^#\/rejoindre$/, () => ({ name: "join" })],
  [/^#\/mot-de-passe-oublie$/, () => ({ name: "reset" })],
];

export function parseRoute(hash) {
  for (const [pattern, make] of ROUTES) {
    const match = hash.match(pattern);
    if (match) return make(match);
  }
  return { name: "notFound" };
}

export function useRoute() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return parseRoute(hash);
}

export function go(path) {
  location.hash = path;
}

/** Go to a screen in place of this one (no "back" to it), e.g. after logging in or out. */
export function replace(path) {
  history.replaceState(null, "", location.pathname + "#" + path);
  dispatchEvent(new HashChangeEvent("hashchange"));
}

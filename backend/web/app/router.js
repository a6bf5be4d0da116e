// The residents' screens, addressed by the URL's fragment (#/mes-observations…).
import { useHash } from "../shared/router.js";

const ROUTES = [
  [/^#?\/?$/, () => ({ name: "report" })],
  [/^#\/signaler$/, () => ({ name: "report" })],
  [/^#\/mes-observations$/, () => ({ name: "mine" })],
  [/^#\/modifier\/([\w-]+)$/, (m) => ({ name: "edit", id: m[1] })],
  [/^#\/enquetes$/, () => ({ name: "surveys" })],
  [/^#\/enquetes\/corriger\/([\w-]+)$/, (m) => ({ name: "survey", correcting: m[1] })],
  [/^#\/enquetes\/([^/]+)$/, (m) => ({ name: "survey", id: decodeURIComponent(m[1]) })],
  [/^#\/nouveautes$/, () => ({ name: "news" })],
  [
    /^#\/enquetes\/([^/]+)\/ma-reponse\/([\w-]+)$/,
    (m) => ({ name: "survey", id: decodeURIComponent(m[1]), editing: m[2] }),
  ],
  [/^#\/compte$/, () => ({ name: "account" })],
  [/^#\/bienvenue$/, () => ({ name: "welcome" })],
  [/^#\/confidentialite$/, () => ({ name: "privacy" })],
  [/^#\/connexion$/, () => ({ name: "login" })],
  [/^#\/rejoindre$/, () => ({ name: "join" })],
  [/^#\/mot-de-passe-oublie$/, () => ({ name: "reset" })],
  [/^#\/atelier(?:\/([A-Za-z0-9]{4,12}))?$/, (m) => ({ name: "atelier", code: m[1] })],
];

export function parseRoute(hash) {
  for (const [pattern, make] of ROUTES) {
    const match = hash.match(pattern);
    if (match) return make(match);
  }
  return { name: "notFound" };
}

export function useRoute() {
  return parseRoute(useHash());
}

// The console's screens, addressed by the URL's fragment (#/moderation, #/analyses/ID…).
import { useHash } from "../shared/router.js";

/** "#/analyses/abc?x=1" → {name: "analyses", id: "abc", params: URLSearchParams("x=1")} */
export function parseConsoleRoute(hash) {
  const [path, query = ""] = hash.replace(/^#\/?/, "").split("?");
  const [name = "", id, ...rest] = path.split("/").map((part) => decodeURIComponent(part));
  return { name: name || "home", id, rest, params: new URLSearchParams(query) };
}

export function useConsoleRoute() {
  return parseConsoleRoute(useHash());
}

// Settings from the server (/config.json: the map tiles' URL…), kept for offline starts.
const KEY = "veilleurs.config";
const DEFAULTS = { tiles_url: "", tiles_attribution: "" };

/** The settings read last time (or the defaults), to start at once. */
export function savedConfig() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(KEY)) };
  } catch {
    return DEFAULTS;
  }
}

export async function loadConfig() {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    const config = { ...DEFAULTS, ...(await response.json()) };
    localStorage.setItem(KEY, JSON.stringify(config));
    return config;
  } catch {
    return savedConfig();
  }
}

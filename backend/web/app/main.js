// Start-up: draw the app at once (from what the phone already has), then read the server's
// settings, register the service worker (offline shell), and revoke sessions closed offline.
import { render } from "preact";
import { App } from "./app.js";
import { loadConfig, savedConfig } from "../shared/config.js";
import { html } from "../shared/html.js";
import { flushPendingLogouts } from "../shared/session.js";
import { announceUpdate } from "./update.js";

const root = document.getElementById("app");
root.textContent = "";
render(html`<${App} config=${savedConfig()} />`, root);
loadConfig().then((config) => render(html`<${App} config=${config} />`, root));

if ("serviceWorker" in navigator) {
  // A new version took over while the app was open: offer to reload (not on the first install).
  let controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (controlled) announceUpdate();
    controlled = true;
  });
  navigator.serviceWorker.register("/sw.js").catch((error) => console.warn("Service worker :", error));
}
flushPendingLogouts();

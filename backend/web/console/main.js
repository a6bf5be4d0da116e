// The console's start-up: the same session, settings and API as the residents' app, its own frame.
import { render } from "preact";
import { loadConfig, savedConfig } from "../shared/config.js";
import { html } from "../shared/html.js";
import { Console } from "./app.js";

const root = document.getElementById("app");
root.textContent = "";
render(html`<${Console} config=${savedConfig()} />`, root);
loadConfig().then((config) => render(html`<${Console} config=${config} />`, root));

// "Une nouvelle version est prête": a bar outside the app's tree, so it shows on every screen.
import { render } from "preact";
import { html } from "../shared/html.js";

export function announceUpdate() {
  const host = document.createElement("div");
  document.body.append(host);
  render(
    html`<div class="update-bar" role="status">
      <p>Une nouvelle version de Veilleurs est prête.</p>
      <button type="button" class="button small" onClick=${() => location.reload()}>Recharger</button>
    </div>`,
    host,
  );
}

// Modération (to be written: see issue 8).
import { html } from "../../html.js";
import { ScreenTitle } from "../../ui.js";

export function ModerationScreen() {
  return html`<${ScreenTitle}>Modération</${ScreenTitle}><p>Cet écran arrive bientôt.</p>`;
}

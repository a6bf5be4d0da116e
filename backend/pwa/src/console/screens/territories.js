// Territoires (to be written: see issue 8).
import { html } from "../../html.js";
import { ScreenTitle } from "../../ui.js";

export function TerritoriesScreen() {
  return html`<${ScreenTitle}>Territoires</${ScreenTitle}><p>Cet écran arrive bientôt.</p>`;
}

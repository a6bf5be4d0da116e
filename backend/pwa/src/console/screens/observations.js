// Observations (to be written: see issue 8).
import { html } from "../../html.js";
import { ScreenTitle } from "../../ui.js";

export function ObservationsScreen() {
  return html`<${ScreenTitle}>Observations</${ScreenTitle}><p>Cet écran arrive bientôt.</p>`;
}

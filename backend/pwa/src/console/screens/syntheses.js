// Synthèses (to be written: see issue 8).
import { html } from "../../html.js";
import { ScreenTitle } from "../../ui.js";

export function SynthesesScreen() {
  return html`<${ScreenTitle}>Synthèses</${ScreenTitle}><p>Cet écran arrive bientôt.</p>`;
}

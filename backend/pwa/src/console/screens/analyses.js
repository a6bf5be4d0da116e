// Analyses (to be written: see issue 8).
import { html } from "../../html.js";
import { ScreenTitle } from "../../ui.js";

export function AnalysesScreen() {
  return html`<${ScreenTitle}>Analyses</${ScreenTitle}><p>Cet écran arrive bientôt.</p>`;
}

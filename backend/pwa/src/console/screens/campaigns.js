// Enquêtes et campagnes (to be written: see issue 8).
import { html } from "../../html.js";
import { ScreenTitle } from "../../ui.js";

export function CampaignsScreen() {
  return html`<${ScreenTitle}>Enquêtes et campagnes</${ScreenTitle}><p>Cet écran arrive bientôt.</p>`;
}

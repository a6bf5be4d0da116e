// Invitations (to be written: see issue 8).
import { html } from "../../html.js";
import { ScreenTitle } from "../../ui.js";

export function InvitationsScreen() {
  return html`<${ScreenTitle}>Invitations</${ScreenTitle}><p>Cet écran arrive bientôt.</p>`;
}

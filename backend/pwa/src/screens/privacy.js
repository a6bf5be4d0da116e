// The privacy notice on its own page (linked from the join form and the account screen).
import { html } from "../html.js";
import { PrivacyNotice } from "../texts.js";
import { ScreenTitle } from "../ui.js";

export function PrivacyScreen({ back }) {
  return html`
    <${ScreenTitle}>Confidentialité<//>
    <${PrivacyNotice} />
    <a class="button secondary" href=${back}>Retour</a>
  `;
}

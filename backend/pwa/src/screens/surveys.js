// "Enquêtes": the surveys open for the resident's territory. The survey renderer comes with the
// campaign endpoints; its answers will go through the same outbox (kind "response").
import { html } from "../html.js";
import { ScreenTitle } from "../ui.js";

export function SurveysScreen() {
  return html`
    <${ScreenTitle}>Enquêtes<//>
    <p>Aucune enquête n'est ouverte pour votre quartier en ce moment.</p>
    <p class="hint">Quand votre animateur en lancera une, elle apparaîtra ici. Vous pourrez y répondre même sans réseau.</p>
  `;
}

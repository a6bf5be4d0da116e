// The privacy notice residents read before joining (plain French, short), and the words for
// the state of an observation.
import { html } from "./html.js";

export function PrivacyNotice() {
  return html`
    <div class="notice" id="privacy-notice">
      <h2>Vos données, en bref</h2>
      <ul>
        <li>Vous participez sous un <strong>pseudonyme</strong> : pas d'e-mail, pas de numéro de téléphone. Ne mettez pas votre vrai nom.</li>
        <li>Ce que vous signalez (lieu, thème, texte, photos) sert au <strong>diagnostic de votre quartier</strong>, avec l'animateur, les habitants, les associations et les élus.</li>
        <li>Ce qui est rendu public est <strong>regroupé</strong> : jamais un point précis, jamais moins de 11 personnes.</li>
        <li>Vos photos sont <strong>nettoyées</strong> (date, appareil et position cachés sont retirés). Évitez les visages et les plaques d'immatriculation.</li>
        <li>Votre position n'est lue que <strong>pendant un signalement</strong>, jamais en arrière-plan.</li>
        <li>Vous pouvez <strong>modifier ou supprimer</strong> vos observations à tout moment, <strong>télécharger</strong> tout ce que vous avez envoyé, et <strong>supprimer votre compte</strong> (dans « Mon compte »).</li>
      </ul>
    </div>
  `;
}

export const STATE_LABELS = {
  pending: "En attente d'envoi",
  invalid: "À corriger",
  conflict: "Déjà reçue, différente",
  "photo-error": "Photo refusée",
  visible: "Envoyée",
  hidden: "Masquée par l'animateur",
};

const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;

/** "2 observations et 1 réponse": what waits, by kind. */
export function countByKind(items) {
  const observations = items.filter((i) => i.kind !== "response").length;
  const responses = items.length - observations;
  return [observations && plural(observations, "observation"), responses && plural(responses, "réponse")]
    .filter(Boolean)
    .join(" et ");
}

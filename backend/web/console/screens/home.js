// The console's welcome: what each section of the menu is for.
import { html } from "../../shared/html.js";
import { ScreenTitle } from "../../shared/ui.js";

const PURPOSES = {
  territoires: "vos territoires sur une carte, avec leurs indicateurs ; les imports de fichiers (administrateurs).",
  invitations: "créer une invitation, l'afficher en QR code ou l'imprimer, suivre les inscriptions, la révoquer.",
  membres: "qui a rejoint vos territoires ; un code pour un mot de passe oublié, désactiver, retirer.",
  moderation: "les nouvelles observations à relire : chercher, masquer, corriger le thème, suivre, par lots.",
  enquetes: "importer un XLSForm ou choisir un modèle, ouvrir une campagne, suivre et exporter les réponses.",
  observations: "filtrer les observations, les voir sur une carte et en graphiques, exporter les tableaux.",
  analyses: "lancer une analyse (thèmes des textes, points chauds, typologie) et lire son résultat.",
  syntheses:
    "préparer une synthèse thématique ou un portrait de quartier, la télécharger, retrouver celles déjà émises.",
  ateliers:
    "préparer un atelier, le projeter avec les réponses des participants en direct, télécharger son compte rendu.",
};

export function HomeScreen({ user, sections }) {
  return html`
    <${ScreenTitle}>Bonjour ${user.pseudonym}</${ScreenTitle}>
    <ul class="home-sections">
      ${sections.map(([name, label]) => html`<li><a href=${"#/" + name}>${label}</a> : ${PURPOSES[name]}</li>`)}
    </ul>
  `;
}

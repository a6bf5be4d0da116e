// The first screen after joining: what to report, what happens next, privacy in two lines; then
// the first report. Opened at the top of the page (the join form left the page scrolled down).
import { useEffect } from "preact/hooks";
import { html } from "../../shared/html.js";
import { ScreenTitle } from "../../shared/ui.js";

export function WelcomeScreen({ user }) {
  useEffect(() => window.scrollTo({ top: 0 }), []);
  return html`
    <${ScreenTitle} title="Bienvenue">Bienvenue, ${user.pseudonym} !<//>
    <section class="card welcome" aria-labelledby="welcome-what">
      <h2 id="welcome-what">Que signaler ?</h2>
      <p>Ce que vous voyez dans votre quartier : une <strong>difficulté</strong> (un ascenseur en panne, un trottoir dangereux),
        une <strong>ressource</strong> (un lieu qui aide, une association) ou une <strong>idée</strong>. Un lieu, un thème, quelques mots, une photo si vous voulez.</p>
    </section>
    <section class="card welcome" aria-labelledby="welcome-next">
      <h2 id="welcome-next">Et ensuite ?</h2>
      <p>Votre animateur lit les signalements et les rassemble avec ceux des voisins : ils nourrissent les enquêtes et les synthèses
        présentées aux ateliers du quartier et aux partenaires (mairie, bailleurs…). Vous retrouvez les vôtres dans « Mes observations ».</p>
    </section>
    <section class="card welcome" aria-labelledby="welcome-privacy">
      <h2 id="welcome-privacy">Vos données</h2>
      <p>Ni e-mail ni téléphone : seulement votre pseudonyme. Ce qui est publié ne montre jamais votre nom ni un lieu plus précis que 100 m.</p>
      <p>Dans « Compte », vous pouvez tout télécharger ou supprimer. <a href="#/confidentialite">Lire la notice</a></p>
    </section>
    <p class="actions"><a class="button primary big" href="#/signaler">Faire mon premier signalement</a></p>
  `;
}

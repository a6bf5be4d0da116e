// "La notice a changé": the notice in force, read and accepted again before contributing more.
// Until then, what is on the phone stays there; the account screen (export, erasure) stays open.
import { useState } from "preact/hooks";
import { acceptNotice } from "../consent.js";
import { html } from "../../shared/html.js";
import { syncNow } from "../sync.js";
import { ErrorSummary, ScreenTitle } from "../../shared/ui.js";
import { FullNotice, usePrivacyNotice } from "./privacy.js";

export function ConsentScreen({ online }) {
  const notice = usePrivacyNotice();
  const [agreed, setAgreed] = useState(false);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);

  async function accept(event) {
    event.preventDefault();
    if (!agreed)
      return setProblem(["Cochez la case pour accepter la notice : c'est nécessaire pour continuer à participer."]);
    setBusy(true);
    try {
      await acceptNotice();
      syncNow({ manual: true });
    } catch (error) {
      setProblem([
        error.status
          ? error.message
          : "Pas de connexion : il faut du réseau pour enregistrer votre accord. Réessayez plus tard.",
      ]);
    } finally {
      setBusy(false);
    }
  }

  return html`
    <${ScreenTitle}>La notice de confidentialité a changé<//>
    <p class="lead">Lisez la nouvelle notice : pour continuer à signaler et à répondre aux enquêtes, il faut l'accepter.
      Ce qui attend sur ce téléphone y reste en attendant.</p>
    <${ErrorSummary} messages=${problem} />
    <${FullNotice} notice=${notice} />
    <form onSubmit=${accept} noValidate>
      <div class="field checkbox">
        <input id="consent-again" type="checkbox" checked=${agreed} onChange=${(e) => setAgreed(e.target.checked)} />
        <label for="consent-again">J'ai lu cette notice et j'accepte de continuer à participer.</label>
      </div>
      <button type="submit" class="button primary big" disabled=${busy || !online}>Accepter et continuer</button>
      ${!online && html`<p class="hint">Hors ligne : il faudra du réseau pour enregistrer votre accord.</p>`}
    </form>
    <p class="aside">Vous ne souhaitez pas continuer ? Depuis <a href="#/compte">Mon compte</a>, vous pouvez télécharger
      vos données ou supprimer votre compte.</p>
  `;
}

// "Compte": who I am, my territories, install the app, the privacy notice, log out.
import { useEffect, useState } from "preact/hooks";
import { territoryName } from "../data.js";
import { html } from "../html.js";
import { useOutbox } from "../hooks.js";
import { removeItem } from "../outbox.js";
import { logout } from "../session.js";
import { PrivacyNotice } from "../texts.js";
import { ScreenTitle } from "../ui.js";

let installPrompt = null;
addEventListener("beforeinstallprompt", (event) => {
  event.preventDefault();
  installPrompt = event;
});

function Territories({ codes }) {
  const [names, setNames] = useState(codes);
  useEffect(() => {
    Promise.all(codes.map(territoryName)).then(setNames);
  }, [codes.join()]);
  return html`<ul>${names.map((name, i) => html`<li>${name} <span class="code">(${codes[i]})</span></li>`)}</ul>`;
}

export function AccountScreen({ user }) {
  const pending = useOutbox(user.id) || [];
  const [confirming, setConfirming] = useState(false);
  const [canInstall, setCanInstall] = useState(Boolean(installPrompt));

  async function install() {
    installPrompt?.prompt();
    await installPrompt?.userChoice;
    installPrompt = null;
    setCanInstall(false);
  }

  async function leave() {
    if (pending.length && !confirming) return setConfirming(true);
    for (const item of pending) await removeItem(item.id);
    await logout();
    history.replaceState(null, "", "/#/connexion");
  }

  return html`
    <${ScreenTitle}>Mon compte<//>
    <dl class="account">
      <dt>Pseudonyme</dt><dd>${user.pseudonym}</dd>
      <dt>Mon quartier</dt><dd><${Territories} codes=${user.territories || []} /></dd>
    </dl>
    ${canInstall && html`<button type="button" class="button secondary" onClick=${install}>Installer l'application sur ce téléphone</button>`}
    <p class="hint">Pour l'installer vous-même : menu du navigateur, puis « Ajouter à l'écran d'accueil ».</p>
    <details>
      <summary>Notice de confidentialité</summary>
      <${PrivacyNotice} />
    </details>
    ${confirming &&
    html`<div class="problem" role="alert">
      <p>${pending.length} observation${pending.length > 1 ? "s ne sont" : " n'est"} pas encore envoyée${pending.length > 1 ? "s" : ""}.
        Si vous vous déconnectez maintenant, ${pending.length > 1 ? "elles seront perdues" : "elle sera perdue"}.</p>
      <button type="button" class="button secondary" onClick=${() => setConfirming(false)}>Rester connecté·e</button>
    </div>`}
    <button type="button" class="button danger" onClick=${leave}>
      ${confirming ? "Me déconnecter quand même" : "Me déconnecter"}
    </button>
  `;
}

// "Compte": who I am, my territories, install the app, my data (download it), the privacy
// notice, log out, and delete my account — with or without my contributions, confirmed twice.
import { useEffect, useState } from "preact/hooks";
import { request } from "../../shared/api.js";
import { territoryName } from "../../shared/data.js";
import { download } from "../../shared/files.js";
import { html } from "../../shared/html.js";
import { useOutbox } from "../hooks.js";
import { removeItem } from "../outbox.js";
import { replace } from "../../shared/router.js";
import { FAREWELL, forgetSession, logout } from "../../shared/session.js";
import { forgetUser } from "../survey-store.js";
import { countByKind } from "../../shared/texts.js";
import { ErrorSummary, ScreenTitle, Status } from "../../shared/ui.js";

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

/** GET /me/export saved as the file the server names. */
const downloadMyData = () => download("/me/export", "mes-donnees-veilleurs.json", "application/json");

function MyData({ online }) {
  const [message, setMessage] = useState(null);
  async function download() {
    try {
      await downloadMyData();
      setMessage(["ok", "Fichier téléchargé : il contient tout ce que vous avez envoyé."]);
    } catch (error) {
      setMessage([
        "warning",
        error.status ? error.message : "Pas de connexion : il faut du réseau pour télécharger vos données.",
      ]);
    }
  }
  return html`<section aria-labelledby="data-title">
    <h2 id="data-title" class="section-title">Mes données</h2>
    <p>Un fichier (JSON, lisible par un tableur ou un programme) avec tout ce que vous avez envoyé :
      votre compte, vos observations, vos réponses aux enquêtes, vos accords à la notice.</p>
    ${message && html`<${Status} kind=${message[0]}>${message[1]}<//>`}
    <button type="button" class="button secondary" disabled=${!online} onClick=${download}>Télécharger mes données</button>
    ${!online && html`<p class="hint">Hors ligne : le téléchargement sera possible au retour du réseau.</p>`}
    <p><a href="#/confidentialite">Lire la notice de confidentialité</a></p>
  </section>`;
}

/** Everything this phone kept for the user: unsent items, drafts, cached lists. */
async function clearLocalData(userId, pending) {
  for (const item of pending) await removeItem(item.id);
  await forgetUser(userId);
}

function DeleteAccount({ user, pending, online }) {
  const [step, setStep] = useState(0); // 0 closed, 1 choose, 2 confirm
  const [keep, setKeep] = useState(null);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);

  async function erase() {
    setBusy(true);
    try {
      await request(`/me${keep ? "?keep_contributions=true" : ""}`, { method: "DELETE" });
    } catch (error) {
      setBusy(false);
      return setProblem([
        error.status ? error.message : "Pas de connexion : il faut du réseau pour supprimer votre compte.",
      ]);
    }
    await clearLocalData(user.id, pending);
    sessionStorage.setItem(FAREWELL, keep ? "kept" : "deleted");
    replace("/rejoindre");
    forgetSession();
  }

  if (step === 0) {
    return html`<section aria-labelledby="delete-title">
      <h2 id="delete-title" class="section-title">Supprimer mon compte</h2>
      <button type="button" class="button danger" onClick=${() => setStep(1)}>Supprimer mon compte…</button>
    </section>`;
  }
  return html`<section aria-labelledby="delete-title" class="danger-zone">
    <h2 id="delete-title" class="section-title">Supprimer mon compte</h2>
    <${ErrorSummary} messages=${problem} />
    ${
      step === 1 &&
      html`<form onSubmit=${(e) => {
        e.preventDefault();
        if (keep === null) setProblem(["Choisissez ce que deviennent vos contributions."]);
        else {
          setProblem(null);
          setStep(2);
        }
      }} noValidate>
      <fieldset class="field">
        <legend>Que deviennent vos contributions ?</legend>
        <div class="choices">
        <label class=${"choice" + (keep === false ? " selected" : "")}>
          <input type="radio" name="keep" checked=${keep === false} onChange=${() => setKeep(false)} />
          <span><strong>Tout supprimer.</strong> Vos observations, vos photos et vos réponses aux enquêtes sont effacées avec votre compte.</span>
        </label>
        <label class=${"choice" + (keep === true ? " selected" : "")}>
          <input type="radio" name="keep" checked=${keep === true} onChange=${() => setKeep(true)} />
          <span><strong>Laisser mes contributions au diagnostic du quartier, sans lien avec moi.</strong> Vos observations et vos réponses
            restent, sans pseudonyme ni rien qui mène à vous ; vos photos sont effacées.</span>
        </label>
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="button danger">Continuer</button>
        <button type="button" class="button secondary" onClick=${() => setStep(0)}>Annuler</button>
      </div>
    </form>`
    }
    ${
      step === 2 &&
      html`<div class="problem" role="alert">
      <p><strong>Dernière confirmation.</strong> Le compte « ${user.pseudonym} » sera supprimé définitivement${
        keep ? " ; vos contributions resteront, sans lien avec vous" : ", avec tout ce que vous avez envoyé"
      }. Ce n'est pas réversible.</p>
      ${
        pending.length > 0 &&
        html`<p>${countByKind(pending)} pas encore envoyée${pending.length > 1 ? "s" : ""} sur ce téléphone
        ${pending.length > 1 ? "seront perdues" : "sera perdue"}.</p>`
      }
      <div class="actions">
        <button type="button" class="button danger" disabled=${busy || !online} onClick=${erase}>Oui, supprimer définitivement mon compte</button>
        <button type="button" class="button secondary" onClick=${() => setStep(0)}>Annuler</button>
      </div>
      ${!online && html`<p class="hint">Hors ligne : il faut du réseau pour supprimer votre compte.</p>`}
    </div>`
    }
  </section>`;
}

export function AccountScreen({ user, online }) {
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
    await clearLocalData(user.id, pending);
    await logout();
    replace("/connexion");
  }

  const many = pending.length > 1;
  return html`
    <${ScreenTitle}>Mon compte<//>
    <dl class="account">
      <dt>Pseudonyme</dt><dd>${user.pseudonym}</dd>
      <dt>Mon quartier</dt><dd><${Territories} codes=${user.territories || []} /></dd>
    </dl>
    ${canInstall && html`<button type="button" class="button secondary" onClick=${install}>Installer l'application sur ce téléphone</button>`}
    <p class="hint">Pour l'installer vous-même : menu du navigateur, puis « Ajouter à l'écran d'accueil ».</p>
    <${MyData} online=${online} />
    <section aria-labelledby="leave-title">
      <h2 id="leave-title" class="section-title">Se déconnecter</h2>
      ${
        confirming &&
        html`<div class="problem" role="alert">
        <p>${countByKind(pending)} ${many ? "ne sont" : "n'est"} pas encore envoyée${many ? "s" : ""}.
          Si vous vous déconnectez maintenant, ${many ? "elles seront perdues" : "elle sera perdue"}.</p>
        <button type="button" class="button secondary" onClick=${() => setConfirming(false)}>Rester connecté·e</button>
      </div>`
      }
      <button type="button" class="button danger" onClick=${leave}>
        ${confirming ? "Me déconnecter quand même" : "Me déconnecter"}
      </button>
    </section>
    <${DeleteAccount} user=${user} pending=${pending} online=${online} />
  `;
}

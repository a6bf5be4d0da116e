// Joining with an invitation code (pseudonym, password, the privacy notice, consent) and
// logging in again on another day.
import { useState } from "preact/hooks";
import { html } from "../html.js";
import { describeErrors } from "../http.js";
import { replace } from "../router.js";
import { FAREWELL, join, login, resetPassword } from "../session.js";
import { PrivacyNotice } from "../texts.js";
import { describedBy, ErrorSummary, Field, ScreenTitle, Status } from "../ui.js";

function PasswordInput({ id, value, onInput, hint, error, autocomplete }) {
  const [shown, setShown] = useState(false);
  return html`
    <div class="password">
      <input id=${id} name="password" type=${shown ? "text" : "password"} value=${value}
        autocomplete=${autocomplete} required minlength="8" maxlength="200"
        aria-describedby=${describedBy(id, hint, error)} aria-invalid=${error ? "true" : undefined}
        onInput=${(e) => onInput(e.target.value)} />
      <button type="button" class="button secondary small" aria-pressed=${shown ? "true" : "false"}
        onClick=${() => setShown(!shown)}>${shown ? "Masquer" : "Afficher"}<span class="visually-hidden"> le mot de passe</span></button>
    </div>
  `;
}

function fieldErrors(error) {
  const out = {};
  for (const [field, messages] of Object.entries(error.fieldErrors || {})) out[field] = [].concat(messages).join(" ");
  return out;
}

const FAREWELLS = {
  deleted: "Votre compte et tout ce que vous avez envoyé ont été supprimés. Merci pour votre participation.",
  kept: "Votre compte a été supprimé ; vos contributions restent au diagnostic du quartier, sans lien avec vous. Merci !",
};

export function JoinScreen({ inviteCode = "" }) {
  const [farewell] = useState(() => {
    const said = sessionStorage.getItem(FAREWELL);
    sessionStorage.removeItem(FAREWELL);
    return FAREWELLS[said];
  });
  const [code, setCode] = useState(inviteCode);
  const [pseudonym, setPseudonym] = useState("");
  const [password, setPassword] = useState("");
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    const found = {};
    if (code.replace(/\W/g, "").length < 4)
      found.invite_code = "Saisissez le code reçu de votre animateur (par ex. K7QM-3XPA).";
    if (pseudonym.trim().length < 3) found.pseudonym = "Choisissez un pseudonyme d'au moins 3 caractères.";
    if (password.length < 8) found.password = "Le mot de passe doit faire au moins 8 caractères.";
    if (!consent) found.consent = "Cochez la case pour accepter la notice : c'est nécessaire pour participer.";
    setErrors(found);
    if (Object.keys(found).length) return setSummary(Object.values(found));
    setBusy(true);
    try {
      await join({ inviteCode: code, pseudonym, password });
      replace("/bienvenue"); // the app's welcome, at the top of the page
    } catch (error) {
      setErrors(fieldErrors(error));
      setSummary(
        [
          error.status
            ? error.message
            : "Pas de connexion : il faut du réseau pour rejoindre Veilleurs. Réessayez plus tard.",
        ].concat(error.status === 422 ? describeErrors(error.fieldErrors) : []),
      );
    } finally {
      setBusy(false);
    }
  }

  const pwHint =
    "8 caractères au moins. Notez-le bien : sans e-mail, il ne peut pas être envoyé. Votre animateur peut vous aider.";
  return html`
    <${ScreenTitle}>Rejoindre les veilleurs<//>
    ${farewell && html`<${Status} kind="ok">${farewell}<//>`}
    <p class="lead">Signalez ce que vous observez dans votre quartier : ce qui pose problème, ce qui marche, vos idées.</p>
    <${ErrorSummary} messages=${summary} />
    <form onSubmit=${submit} noValidate>
      <${Field} id="invite" label="Code d'invitation" hint="Il vous a été donné par l'animateur (ou par le QR code)." error=${errors.invite_code}>
        <input id="invite" name="invite_code" value=${code} autocomplete="off" autocapitalize="characters"
          required aria-describedby=${describedBy("invite", true, errors.invite_code)}
          onInput=${(e) => setCode(e.target.value)} />
      <//>
      <${Field} id="pseudonym" label="Pseudonyme" hint="Un surnom, pas votre vrai nom. De 3 à 40 caractères." error=${errors.pseudonym}>
        <input id="pseudonym" name="pseudonym" value=${pseudonym} autocomplete="username" required maxlength="40"
          aria-describedby=${describedBy("pseudonym", true, errors.pseudonym)}
          onInput=${(e) => setPseudonym(e.target.value)} />
      <//>
      <${Field} id="password" label="Mot de passe" hint=${pwHint} error=${errors.password}>
        <${PasswordInput} id="password" value=${password} onInput=${setPassword} hint=${pwHint}
          error=${errors.password} autocomplete="new-password" />
      <//>
      <${PrivacyNotice} />
      <p class="aside"><a href="#/confidentialite">Lire la notice de confidentialité complète</a></p>
      <div class=${"field checkbox" + (errors.consent ? " has-error" : "")}>
        ${errors.consent && html`<p class="field-error" id="consent-error">${errors.consent}</p>`}
        <input id="consent" name="consent" type="checkbox" checked=${consent}
          aria-describedby=${errors.consent ? "consent-error" : undefined}
          onChange=${(e) => setConsent(e.target.checked)} />
        <label for="consent">J'ai lu cette notice et j'accepte de participer.</label>
      </div>
      <button type="submit" class="button primary big" disabled=${busy}>Rejoindre</button>
    </form>
    <p class="aside">Déjà inscrit·e ? <a href="#/connexion">Se connecter</a></p>
  `;
}

export function LoginScreen() {
  const [pseudonym, setPseudonym] = useState("");
  const [password, setPassword] = useState("");
  const [summary, setSummary] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    if (!pseudonym.trim() || !password) return setSummary(["Saisissez votre pseudonyme et votre mot de passe."]);
    setBusy(true);
    try {
      await login({ pseudonym, password });
      replace("/signaler");
    } catch (error) {
      setSummary([
        error.status ? error.message : "Pas de connexion : il faut du réseau pour se connecter. Réessayez plus tard.",
      ]);
    } finally {
      setBusy(false);
    }
  }

  return html`
    <${ScreenTitle}>Se connecter<//>
    <${ErrorSummary} messages=${summary} />
    <form onSubmit=${submit} noValidate>
      <${Field} id="login-pseudonym" label="Pseudonyme">
        <input id="login-pseudonym" name="pseudonym" value=${pseudonym} autocomplete="username" required
          onInput=${(e) => setPseudonym(e.target.value)} />
      <//>
      <${Field} id="login-password" label="Mot de passe">
        <${PasswordInput} id="login-password" value=${password} onInput=${setPassword} autocomplete="current-password" />
      <//>
      <button type="submit" class="button primary big" disabled=${busy}>Se connecter</button>
    </form>
    <p class="aside">Première fois ? <a href="#/rejoindre">J'ai un code d'invitation</a></p>
    <p class="aside"><a href="#/mot-de-passe-oublie">Mot de passe oublié ?</a></p>
  `;
}

/** A new password with the code the animateur hands over (no e-mail: the code is given in person). */
export function ResetScreen() {
  const [pseudonym, setPseudonym] = useState("");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    const found = {};
    if (!pseudonym.trim()) found.pseudonym = "Saisissez votre pseudonyme.";
    if (code.replace(/\W/g, "").length < 4)
      found.reset_code = "Saisissez le code remis par votre animateur (par ex. 1A2B-3C4D-5E6F).";
    if (password.length < 8) found.password = "Le nouveau mot de passe doit faire au moins 8 caractères.";
    setErrors(found);
    if (Object.keys(found).length) return setSummary(Object.values(found));
    setBusy(true);
    try {
      await resetPassword({ pseudonym, code, password });
      replace("/signaler");
    } catch (error) {
      setErrors(fieldErrors(error));
      setSummary(
        [
          error.status === 401
            ? "Pseudonyme ou code incorrect, ou code expiré (il vaut 48 heures) : vérifiez-les, ou demandez un nouveau code à votre animateur."
            : error.status
              ? error.message
              : "Pas de connexion : il faut du réseau pour changer de mot de passe. Réessayez plus tard.",
        ].concat(error.status === 422 ? describeErrors(error.fieldErrors) : []),
      );
    } finally {
      setBusy(false);
    }
  }

  const codeHint = "Votre animateur vous le remet en main propre ; il est valable 48 heures.";
  const pwHint = "8 caractères au moins. Notez-le bien.";
  return html`
    <${ScreenTitle}>Mot de passe oublié<//>
    <p class="lead">Sans e-mail, c'est votre animateur qui peut vous aider : demandez-lui un code de réinitialisation,
      puis choisissez ici un nouveau mot de passe.</p>
    <${ErrorSummary} messages=${summary} />
    <form onSubmit=${submit} noValidate>
      <${Field} id="reset-pseudonym" label="Pseudonyme" error=${errors.pseudonym}>
        <input id="reset-pseudonym" name="pseudonym" value=${pseudonym} autocomplete="username" required
          aria-describedby=${describedBy("reset-pseudonym", false, errors.pseudonym)} onInput=${(e) => setPseudonym(e.target.value)} />
      <//>
      <${Field} id="reset-code" label="Code de réinitialisation" hint=${codeHint} error=${errors.reset_code}>
        <input id="reset-code" name="reset_code" value=${code} autocomplete="one-time-code" autocapitalize="characters" required
          aria-describedby=${describedBy("reset-code", true, errors.reset_code)} onInput=${(e) => setCode(e.target.value)} />
      <//>
      <${Field} id="reset-password" label="Nouveau mot de passe" hint=${pwHint} error=${errors.password}>
        <${PasswordInput} id="reset-password" value=${password} onInput=${setPassword} hint=${pwHint}
          error=${errors.password} autocomplete="new-password" />
      <//>
      <button type="submit" class="button primary big" disabled=${busy}>Changer mon mot de passe</button>
    </form>
    <p class="aside"><a href="#/connexion">Retour à la connexion</a></p>
  `;
}

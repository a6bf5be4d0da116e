// The privacy notice in force, as the server publishes it (GET /privacy, Markdown), kept for
// offline reading; the short summary built into the app when it was never read.
import { useEffect, useState } from "preact/hooks";
import { loadPrivacyNotice } from "../consent.js";
import { html } from "../../shared/html.js";
import { Markdown } from "../markdown.js";
import { PrivacyNotice } from "../../shared/texts.js";
import { ScreenTitle } from "../../shared/ui.js";

export function usePrivacyNotice() {
  const [notice, setNotice] = useState(undefined);
  useEffect(() => {
    loadPrivacyNotice().then(setNotice, () => setNotice(null));
  }, []);
  return notice;
}

/** The full notice, or the summary when it cannot be read (never read, and offline). */
export function FullNotice({ notice }) {
  if (notice === undefined) return html`<p>Chargement de la notice…</p>`;
  if (!notice) {
    return html`<${PrivacyNotice} />
      <p class="hint">La notice complète s'affichera ici au retour du réseau.</p>`;
  }
  return html`<div class="notice full"><${Markdown} text=${notice.text} level=${2} />
    <p class="hint">Version ${notice.version}</p></div>`;
}

export function PrivacyScreen({ back }) {
  const notice = usePrivacyNotice();
  return html`
    <${ScreenTitle}>Confidentialité<//>
    <${FullNotice} notice=${notice} />
    <a class="button secondary" href=${back}>Retour</a>
  `;
}

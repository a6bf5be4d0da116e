// An invitation shown to residents: its join link as a QR code, the link to copy, and a poster
// made for an A4 sheet (printed alone) or a projector (full screen).
import qrcode from "qrcode-generator";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { formatDay } from "../../shared/format.js";
import { html } from "../../shared/html.js";

/** The link residents open to join: the app shows its join form with the code filled in. */
export const joinLink = (code) => `${location.origin}/?invite=${encodeURIComponent(code)}`;

/**
 * A QR code as SVG (dark modules as one path, a quiet zone of 4 modules): sharp at any size,
 * on screen, on paper and on a projector. Error correction M: still read on a creased poster.
 */
export function QrCode({ text, label, className = "qr" }) {
  const { size, path } = useMemo(() => {
    const qr = qrcode(0, "M");
    qr.addData(text, "Byte");
    qr.make();
    const count = qr.getModuleCount();
    const parts = [];
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (qr.isDark(row, col)) parts.push(`M${col + 4} ${row + 4}h1v1h-1z`);
      }
    }
    return { size: count + 8, path: parts.join("") };
  }, [text]);
  return html`
    <svg class=${className} role="img" aria-label=${label} viewBox=${`0 0 ${size} ${size}`}
      shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width=${size} height=${size} fill="#fff" />
      <path d=${path} fill="#000" />
    </svg>
  `;
}

const ROLE_NAMES = { animateur: "animateur", analyste: "analyste", admin: "administrateur" };

/** The poster: what a passer-by reads on the wall of the centre social, or on the screen. */
function Poster({ invite, territory }) {
  const link = joinLink(invite.code);
  const place = territory ? territory.name : invite.territory;
  return html`
    <section class="invite-poster" aria-labelledby="poster-title">
      <p class="poster-kicker">Veilleurs · ${place}</p>
      <h2 id="poster-title" class="poster-title">Rejoignez les veilleurs du quartier</h2>
      <p class="poster-text">Signalez avec votre téléphone ce qui pose problème, ce qui marche et vos idées pour le quartier.
        C'est gratuit, sous un pseudonyme, et vos observations nourrissent le diagnostic partagé.</p>
      <${QrCode} text=${link} className="qr poster-qr" label=${`QR code : lien pour rejoindre les veilleurs avec le code ${invite.code}`} />
      <p class="poster-how">Scannez ce QR code avec l'appareil photo de votre téléphone,<br />
        ou ouvrez <strong>${location.host}</strong> et saisissez le code :</p>
      <p class="poster-code">${invite.code}</p>
      ${invite.expires_at && html`<p class="poster-expiry">Code valable jusqu'au ${formatDay(invite.expires_at, "")}.</p>`}
    </section>
  `;
}

async function copyText(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (http, older browser): the link is selected for Ctrl+C.
    field?.focus();
    field?.select();
    return false;
  }
}

/** One invitation: its link to copy, its poster to print or project. */
export function InvitationPoster({ invite, state: [state, stateLabel] = ["active"], territory, onClose }) {
  const [copied, setCopied] = useState(null);
  const [projecting, setProjecting] = useState(false);
  const field = useRef(null);
  const stage = useRef(null);
  const heading = useRef(null);
  const link = joinLink(invite.code);
  // A staff code (animateur, analyste…) is given by hand: no poster to put on a wall.
  const poster = state === "active" && invite.role === "veilleur";

  useEffect(() => heading.current?.focus(), [invite.code]);
  useEffect(() => {
    if (!projecting) return undefined;
    const element = stage.current;
    element?.requestFullscreen?.().catch(() => {});
    element?.focus();
    document.documentElement.classList.add("poster-projected");
    const key = (event) => event.key === "Escape" && setProjecting(false);
    const left = () => !document.fullscreenElement && setProjecting(false);
    addEventListener("keydown", key);
    document.addEventListener("fullscreenchange", left);
    return () => {
      removeEventListener("keydown", key);
      document.removeEventListener("fullscreenchange", left);
      document.documentElement.classList.remove("poster-projected");
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    };
  }, [projecting]);

  async function copy() {
    setCopied(
      (await copyText(link, field.current))
        ? "Lien copié : collez-le dans un message ou un courriel."
        : "Le lien est sélectionné : copiez-le avec Ctrl+C.",
    );
  }

  return html`
    <section class="card invite-detail" aria-labelledby="invite-detail-title">
      <div class="invite-detail-head no-print">
        <h2 id="invite-detail-title" ref=${heading} tabindex="-1">Invitation ${invite.code} : QR code et affiche</h2>
        <button type="button" class="button secondary small" onClick=${onClose}>Fermer</button>
      </div>
      ${
        state !== "active" &&
        html`
        <p class="status warning">${stateLabel} : ce code ne permet plus de rejoindre. Créez une nouvelle invitation pour une affiche.</p>`
      }
      ${
        state === "active" &&
        html`<div class="field no-print">
        <label for="invite-link">Lien d'inscription</label>
        <p class="hint" id="invite-link-hint">À envoyer par message : il ouvre l'application avec le code déjà rempli.</p>
        <input id="invite-link" type="text" readonly value=${link} ref=${field} aria-describedby="invite-link-hint"
          onFocus=${(e) => e.target.select()} />
        ${copied && html`<p class="status ok" role="status">${copied}</p>`}
      </div>`
      }
      ${
        state === "active" &&
        html`<div class="invite-actions no-print">
        <button type="button" class="button secondary small" onClick=${copy}>Copier le lien</button>
        ${
          poster &&
          html`
          <button type="button" class="button primary small" onClick=${() => window.print()}>Imprimer l'affiche (A4)</button>
          <button type="button" class="button secondary small" onClick=${() => setProjecting(true)}>Projeter</button>`
        }
      </div>`
      }
      ${
        state === "active" &&
        !poster &&
        html`
        <p class="status warning">Ce code donne le rôle « ${ROLE_NAMES[invite.role] || invite.role} » : donnez-le en main propre, ne l'affichez pas.</p>
        <div class="staff-code">
          <${QrCode} text=${link} label=${`QR code : lien pour rejoindre avec le code ${invite.code}`} />
          <p class="poster-code">${invite.code}</p>
        </div>`
      }
      ${
        poster &&
        html`<div ref=${stage} class=${"poster-stage" + (projecting ? " projecting" : "")} tabindex="-1"
        role=${projecting ? "dialog" : undefined} aria-modal=${projecting ? "true" : undefined}
        aria-label=${projecting ? "Affiche projetée" : undefined}>
        ${
          projecting &&
          html`
          <button type="button" class="button secondary small close-projection" onClick=${() => setProjecting(false)}>
            Quitter la projection (Échap)</button>`
        }
        <${Poster} invite=${invite} territory=${territory} />
      </div>`
      }
    </section>
  `;
}

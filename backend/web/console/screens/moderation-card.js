// One observation in the moderation queue: what the resident wrote, saw and where; and what an
// animateur may do with it: correct its theme, hide it with a reason the resident will read,
// restore it, or simply mark it as read. The API answers with the observation as stored now.
import { useEffect, useRef, useState } from "preact/hooks";
import { sendJson } from "../common.js";
import { polarityLabel, themeLabel } from "../../shared/data.js";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";
import { formatDate } from "../../shared/format.js";
import { FollowUpForm } from "./moderation-follow-up.js";

const excerpt = (text, size = 40) => (text.length > size ? text.slice(0, size - 1) + "…" : text);

/** "43,46123 N · 1,32712 E" for a GeoJSON point. */
export function describePlace(location) {
  const [lon, lat] = location?.coordinates || [];
  if (lon === undefined) return "lieu inconnu";
  const number = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  return `${number.format(Math.abs(lat))} ${lat >= 0 ? "N" : "S"} · ${number.format(Math.abs(lon))} ${lon >= 0 ? "E" : "O"}`;
}

function errorText(error) {
  const details = describeErrors(error.fieldErrors);
  return details.length
    ? `${error.message} ${details.filter((d) => d !== error.message).join(" ")}`.trim()
    : error.message;
}

function Badges({ observation }) {
  return html`
    <span class="badges">
      ${
        observation.reviewed
          ? html`<span class="badge reviewed">Relue</span>`
          : html`<span class="badge to-review">À relire</span>`
      }
      ${
        observation.status === "hidden"
          ? html`<span class="badge hidden">Masquée</span>`
          : html`<span class="badge visible">Visible</span>`
      }
    </span>
  `;
}

function Photos({ observation }) {
  if (!observation.photos?.length) return html`<p class="hint">Pas de photo.</p>`;
  return html`
    <ul class="thumbs moderation-photos">
      ${observation.photos.map(
        (photo, i) => html`
        <li key=${photo.id}>
          <a href=${photo.url} target="_blank" rel="noopener">
            <img src=${photo.thumbnail_url} loading="lazy" width="160" height="120"
              alt=${`Photo ${i + 1} de l'observation « ${excerpt(observation.text)} » (ouvrir en grand)`} /></a>
        </li>`,
      )}
    </ul>
  `;
}

/** Hiding asks for the reason first: the resident reads it in "Mes observations". */
function HideForm({ id, label, busy, onHide, onCancel }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState(null);
  const field = useRef(null);
  useEffect(() => field.current?.focus(), []);
  function submit(event) {
    event.preventDefault();
    if (!reason.trim()) {
      setError("Indiquez la raison du masquage : le veilleur la verra.");
      field.current?.focus();
      return;
    }
    setError(null);
    onHide(reason.trim());
  }
  const fieldId = `reason-${id}`;
  return html`
    <form class="hide-form" onSubmit=${submit} noValidate>
      <div class=${"field" + (error ? " has-error" : "")}>
        <label for=${fieldId}>Raison du masquage</label>
        <p class="hint" id=${fieldId + "-hint"}>Le veilleur la lira dans « Mes observations ». Le texte d'origine est conservé.</p>
        ${error && html`<p class="field-error" id=${fieldId + "-error"} role="alert">${error}</p>`}
        <textarea id=${fieldId} ref=${field} rows="2" maxlength="1000" value=${reason}
          aria-describedby=${[fieldId + "-hint", error && fieldId + "-error"].filter(Boolean).join(" ")}
          aria-invalid=${error ? "true" : undefined}
          onInput=${(e) => setReason(e.target.value)}></textarea>
      </div>
      <div class="actions">
        <button type="submit" class="button danger small" disabled=${busy}>
          Masquer l'observation<span class="visually-hidden"> ${label}</span></button>
        <button type="button" class="button secondary small" onClick=${onCancel}>Annuler</button>
      </div>
    </form>
  `;
}

export function ModerationCard({ observation, themes, territoryLabel, selected, onSelect, onChange, ticked, onTick }) {
  const [hiding, setHiding] = useState(false);
  const [theme, setTheme] = useState(observation.theme);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(null); // {kind: "ok" | "error", text}
  const messageRef = useRef(null);
  const hideButton = useRef(null);
  const cancelled = useRef(false);
  const id = observation.id;
  const label = `« ${excerpt(observation.text, 30)} »`;
  const hidden = observation.status === "hidden";

  useEffect(() => setTheme(observation.theme), [observation.theme]);
  useEffect(() => {
    // Back from "Annuler": the focus returns to the button that opened the form.
    if (!hiding && cancelled.current) hideButton.current?.focus();
    cancelled.current = false;
  }, [hiding]);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  async function change(body, done) {
    setBusy(true);
    setMessage(null);
    try {
      const updated = await sendJson("PATCH", `/observations/${id}`, body);
      onChange(updated);
      setHiding(false);
      setMessage({ kind: "ok", text: done(updated) });
    } catch (error) {
      setMessage({ kind: "error", text: errorText(error) });
    } finally {
      setBusy(false);
    }
  }

  function correctTheme(event) {
    event.preventDefault();
    if (theme === observation.theme) {
      setMessage({ kind: "error", text: "Choisissez un autre thème que le thème actuel pour le corriger." });
      return;
    }
    change({ theme }, (o) => `Thème corrigé : ${themeLabel(themes, o.theme)}.`);
  }

  const corrected = observation.submitted_theme && observation.submitted_theme !== observation.theme;
  return html`
    <article class=${"card moderation-card" + (selected ? " selected" : "") + (hidden ? " is-hidden" : "")}
      id=${"observation-" + id} aria-labelledby=${"title-" + id}>
      <div class="card-head">
        ${
          onTick &&
          html`<input type="checkbox" class="tick" id=${"tick-" + id} checked=${ticked}
          aria-label=${`Sélectionner ${label}`} onChange=${() => onTick(id)} />`
        }
        <h2 id=${"title-" + id} tabindex="-1">${themeLabel(themes, observation.theme)}</h2>
        <${Badges} observation=${observation} />
      </div>
      <p class="meta">
        <span class=${"polarity-label " + observation.polarity}>${polarityLabel(observation.polarity)}</span>
        ${" · observée le "}${formatDate(observation.observed_at)}
        ${" · reçue le "}${formatDate(observation.received_at)}
      </p>
      <p class="meta">Territoire : ${territoryLabel(observation.territory)}${observation.street ? ` · près de : ${observation.street}` : ""}</p>
      ${corrected && html`<p class="meta">Thème choisi par le veilleur : ${themeLabel(themes, observation.submitted_theme)} (corrigé)</p>`}
      <p class="text">${observation.text}</p>
      <${Photos} observation=${observation} />
      <p class="place">
        Lieu : ${describePlace(observation.location)}
        ${observation.accuracy_m != null && ` (précision ${Math.round(observation.accuracy_m)} m)`}
        ${" "}<button type="button" class="button secondary small" aria-pressed=${selected ? "true" : "false"}
          onClick=${() => onSelect(id)}>Voir sur la carte<span class="visually-hidden"> ${label}</span></button>
      </p>
      ${hidden && html`<p class="problem" role="note">Masquée. Raison donnée au veilleur : ${observation.moderation_reason || "non précisée"}</p>`}

      <div class="moderation-actions">
        <form class="theme-form" onSubmit=${correctTheme}>
          <div class="field">
            <label for=${"theme-" + id}>Thème</label>
            <select id=${"theme-" + id} value=${theme} onChange=${(e) => setTheme(e.target.value)}>
              ${themes.map((t) => html`<option value=${t.code}>${t.label}</option>`)}
            </select>
          </div>
          <button type="submit" class="button secondary small" disabled=${busy}>
            Corriger le thème<span class="visually-hidden"> ${label}</span></button>
        </form>
        ${
          hiding
            ? html`<${HideForm} id=${id} label=${label} busy=${busy} onCancel=${() => {
                cancelled.current = true;
                setHiding(false);
              }}
              onHide=${(reason) => change({ status: "hidden", moderation_reason: reason }, () => "Observation masquée : le veilleur voit qu'elle l'est, et pourquoi.")} />`
            : html`
            <div class="actions">
              ${
                hidden
                  ? html`<button type="button" class="button primary small" disabled=${busy}
                    onClick=${() => change({ status: "visible" }, () => "Observation rétablie : elle est de nouveau visible.")}>
                    Rétablir<span class="visually-hidden"> ${label}</span></button>`
                  : html`<button type="button" class="button danger small" disabled=${busy} ref=${hideButton}
                    onClick=${() => {
                      setMessage(null);
                      setHiding(true);
                    }}>
                    Masquer…<span class="visually-hidden"> ${label}</span></button>`
              }
              ${
                !observation.reviewed &&
                !hidden &&
                html`
                <button type="button" class="button primary small" disabled=${busy}
                  onClick=${() => change({ reviewed: true }, () => "Observation marquée comme relue.")}>
                  Marquer comme relue<span class="visually-hidden"> ${label}</span></button>`
              }
            </div>`
        }
      </div>
      <${FollowUpForm} observation=${observation} label=${label} onChange=${onChange} />
      ${
        message &&
        html`
        <p class=${"status " + message.kind} role=${message.kind === "error" ? "alert" : "status"} tabindex="-1" ref=${messageRef}>
          ${message.text}</p>`
      }
    </article>
  `;
}

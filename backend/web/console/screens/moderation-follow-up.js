// The public follow-up of one observation, set by an animateur in the moderation queue: a step
// (received → read → forwarded → taken into account → resolved / not retained), to whom it was
// forwarded, and a reply the resident reads in « Mes observations » and « Nouveautés ».
import { useState } from "preact/hooks";
import { sendJson } from "../common.js";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";

export const FOLLOW_UP_STEPS = [
  ["recue", "Reçue"],
  ["lue", "Lue"],
  ["transmise", "Transmise à…"],
  ["prise_en_compte", "Prise en compte"],
  ["resolue", "Résolue"],
  ["non_retenue", "Non retenue"],
];

export function FollowUpForm({ observation, label, onChange }) {
  const current = observation.follow_up?.status || "recue";
  const [status, setStatus] = useState(current === "recue" ? "lue" : current);
  const [toWhom, setToWhom] = useState("");
  const [reply, setReply] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(null);
  const id = observation.id;

  async function submit(event) {
    event.preventDefault();
    if (status === "transmise" && !toWhom.trim()) {
      setMessage({ kind: "error", text: "Indiquez à qui l'observation est transmise (bailleur, mairie, service…)." });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const updated = await sendJson("POST", `/observations/${id}/follow-ups`, {
        status,
        to_whom: toWhom.trim() || null,
        public_reply: reply.trim() || null,
      });
      onChange(updated);
      setReply("");
      setMessage({ kind: "ok", text: `Suivi enregistré : ${updated.follow_up.label}. Le veilleur le verra.` });
    } catch (error) {
      setMessage({ kind: "error", text: [error.message, ...describeErrors(error.fieldErrors)].join(" ") });
    } finally {
      setBusy(false);
    }
  }

  return html`
    <details class="follow-up-form">
      <summary>Suivi public : ${observation.follow_up?.label || "Reçue"}<span class="visually-hidden"> ${label}</span></summary>
      <form onSubmit=${submit} noValidate>
        <div class="field">
          <label for=${"step-" + id}>Étape</label>
          <select id=${"step-" + id} value=${status} onChange=${(e) => setStatus(e.target.value)}>
            ${FOLLOW_UP_STEPS.map(([code, text]) => html`<option value=${code}>${text}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for=${"to-" + id}>Transmise à${status === "transmise" ? " (obligatoire)" : ""}</label>
          <input id=${"to-" + id} maxlength="120" value=${toWhom} placeholder="bailleur, mairie, service…"
            onInput=${(e) => setToWhom(e.target.value)} />
        </div>
        <div class="field">
          <label for=${"reply-" + id}>Réponse publique (facultative)</label>
          <textarea id=${"reply-" + id} rows="2" maxlength="1000" value=${reply}
            onInput=${(e) => setReply(e.target.value)}></textarea>
        </div>
        <button type="submit" class="button primary small" disabled=${busy}>
          Enregistrer le suivi<span class="visually-hidden"> ${label}</span></button>
        ${message && html`<p class=${"status " + message.kind} role=${message.kind === "error" ? "alert" : "status"}>${message.text}</p>`}
      </form>
    </details>
  `;
}

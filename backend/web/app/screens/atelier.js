// "Atelier": a participant's phone during a workshop. Join with the code on the screen (no
// account needed; a name and a role only if one wishes), then answer what is projected: the
// cooperation scale, a choice, a note, a ranking, dots, a short text, ideas on the wall. Answers
// are queued on the phone and sent until acknowledged (atelier-queue.js); the step projected is
// read again every few seconds.
import { useEffect, useState } from "preact/hooks";
import { sendJson } from "../../shared/api.js";
import { html } from "../../shared/html.js";
import { call, describeErrors } from "../../shared/http.js";
import { ErrorSummary, Field, ScreenTitle, Status } from "../../shared/ui.js";
import {
  enqueue,
  flush,
  forgetTag,
  keepParticipation,
  leave,
  participation,
  queued,
  readParticipation,
} from "../atelier-queue.js";

const POLL_MS = 2500;
const ROLES = [
  ["", "Je préfère ne pas le dire"],
  ["habitant", "Habitant·e"],
  ["association", "Association"],
  ["technicien", "Technicien·ne"],
  ["elu", "Élu·e"],
  ["autre", "Autre"],
];

const newId = () =>
  crypto.randomUUID
    ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
        (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16),
      );

function JoinForm({ code: initial, user, onJoined }) {
  const [code, setCode] = useState(initial || "");
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [errors, setErrors] = useState([]);
  const [busy, setBusy] = useState(false);
  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    const body = { code: code.trim().toUpperCase(), display_name: name.trim() || null, role: role || null };
    try {
      const joined = user
        ? await sendJson("POST", "/ateliers/join", body)
        : await (await call("/ateliers/join", { method: "POST", json: body })).json();
      keepParticipation(body.code, joined.token);
      onJoined();
    } catch (error) {
      setErrors([error.message, ...describeErrors(error.fieldErrors)]);
    } finally {
      setBusy(false);
    }
  }
  return html`
    <${ScreenTitle}>Rejoindre l'atelier</${ScreenTitle}>
    <p class="hint">Saisissez le code affiché à l'écran. Rien d'autre n'est demandé.</p>
    <${ErrorSummary} messages=${errors} />
    <form onSubmit=${submit} class="stack">
      <${Field} id="atelier-code" label="Code de l'atelier">
        <input id="atelier-code" value=${code} onInput=${(e) => setCode(e.target.value)} required minlength="4"
          maxlength="12" autocapitalize="characters" autocomplete="off" class="code-input" />
      </${Field}>
      <${Field} id="atelier-name" label="Votre prénom ou surnom (facultatif)" hint="Il n'est jamais projeté.">
        <input id="atelier-name" value=${name} onInput=${(e) => setName(e.target.value)} maxlength="60" autocomplete="nickname" />
      </${Field}>
      <${Field} id="atelier-role" label="Vous venez en tant que… (facultatif)" hint="Pour compter les présents par rôle, jamais par nom.">
        <select id="atelier-role" value=${role} onChange=${(e) => setRole(e.target.value)}>
          ${ROLES.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
        </select>
      </${Field}>
      <button class="button primary big" disabled=${busy}>Rejoindre</button>
    </form>
  `;
}

function Choices({ step, multiple, value, onChange }) {
  const chosen = multiple ? value || [] : [value];
  const toggle = (name) =>
    onChange(multiple ? (chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name]) : name);
  return html`<fieldset class="choices">
    <legend class="visually-hidden">${step.question}</legend>
    ${step.options.map(
      (o) => html`<label class=${"choice" + (chosen.includes(o.name) ? " selected" : "")}>
        <input type=${multiple ? "checkbox" : "radio"} name=${"step-" + step.number} checked=${chosen.includes(o.name)}
          onChange=${() => toggle(o.name)} />${o.label}</label>`,
    )}
  </fieldset>`;
}

function Ranking({ step, value, onChange }) {
  const ranked = value || [];
  return html`<div class="stack">
    <p class="hint">Touchez les propositions dans l'ordre de vos priorités.</p>
    <ol class="choices">
      ${step.options.map((o) => {
        const rank = ranked.indexOf(o.name);
        return html`<li><button type="button" class=${"choice" + (rank >= 0 ? " selected" : "")}
          onClick=${() => onChange(rank >= 0 ? ranked.filter((n) => n !== o.name) : [...ranked, o.name])}>
          <strong class="rank">${rank >= 0 ? rank + 1 : "·"}</strong> ${o.label}</button></li>`;
      })}
    </ol>
  </div>`;
}

function Dots({ step, value, onChange }) {
  const dots = value || {};
  const left = step.dots - Object.values(dots).reduce((a, b) => a + b, 0);
  const put = (name, delta) => onChange({ ...dots, [name]: Math.max(0, (dots[name] || 0) + delta) });
  return html`<div class="stack">
    <p class="hint" aria-live="polite">${left} gommette${left > 1 ? "s" : ""} à placer sur ${step.dots}.</p>
    <ul class="choices dots">
      ${step.options.map(
        (o) => html`<li class="choice">
          <span class="dot-label">${o.label}</span>
          <button type="button" class="button secondary small" aria-label=${"Retirer une gommette : " + o.label}
            disabled=${!dots[o.name]} onClick=${() => put(o.name, -1)}>−</button>
          <strong class="dot-count">${"●".repeat(dots[o.name] || 0) || "0"}</strong>
          <button type="button" class="button secondary small" aria-label=${"Ajouter une gommette : " + o.label}
            disabled=${left <= 0} onClick=${() => put(o.name, 1)}>+</button>
        </li>`,
      )}
    </ul>
  </div>`;
}

function Question({ step, mine, onSend, waiting }) {
  const [value, setValue] = useState(mine?.value ?? null);
  useEffect(() => setValue(mine?.value ?? null), [step.number, JSON.stringify(mine?.value)]);
  const kind = step.kind;
  let input;
  if (kind === "texte_court")
    input = html`<textarea id="answer-text" aria-label=${step.question} maxlength="280" rows="3" value=${value || ""}
      onInput=${(e) => setValue(e.target.value)}></textarea>`;
  else if (kind === "priorites") input = html`<${Ranking} step=${step} value=${value} onChange=${setValue} />`;
  else if (kind === "gommettes") input = html`<${Dots} step=${step} value=${value} onChange=${setValue} />`;
  else
    input = html`<${Choices} step=${step} multiple=${kind === "choix_multiple"}
      value=${kind === "note" && value != null ? String(value) : value} onChange=${setValue} />`;
  const ready =
    value != null &&
    (typeof value !== "object" || Object.values(value).some(Boolean)) &&
    (kind !== "texte_court" || value.trim());
  const send = () => onSend(kind === "note" ? Number(value) : value);
  return html`<div class="stack">
    ${input}
    <button type="button" class="button primary big" disabled=${!ready} onClick=${send}>
      ${mine ? "Changer ma réponse" : "Envoyer ma réponse"}</button>
    ${waiting ? html`<${Status} kind="warning">Réponse gardée sur le téléphone : elle part dès que le réseau répond.</${Status}>` : mine && html`<${Status} kind="success">Réponse reçue.</${Status}>`}
  </div>`;
}

function Wall({ step, onIdea, onSupport }) {
  const [text, setText] = useState("");
  return html`<div class="stack">
    <form class="stack" onSubmit=${(e) => {
      e.preventDefault();
      if (text.trim()) onIdea(text.trim());
      setText("");
    }}>
      <label for="idea-text">Votre pas de côté</label>
      <textarea id="idea-text" maxlength="280" rows="3" value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
      <button class="button primary" disabled=${!text.trim()}>Poser mon idée</button>
    </form>
    <ul class="ideas">
      ${(step.ideas || []).map(
        (i) => html`<li class="card idea">
          <p>${i.text}</p>
          <button type="button" class=${"button small " + (i.supported ? "primary" : "secondary")} aria-pressed=${i.supported}
            onClick=${() => onSupport(i.id, !i.supported)} disabled=${i.mine}>
            ${i.mine ? "Votre idée" : i.supported ? "Soutenue" : "Soutenir"} · ${i.supports}</button>
        </li>`,
      )}
    </ul>
  </div>`;
}

function Live({ onLeft }) {
  const [view, setView] = useState(null);
  const [problem, setProblem] = useState(null);
  const [pending, setPending] = useState(queued().length);

  async function refresh() {
    await flush((message) => setProblem(message));
    setPending(queued().length);
    try {
      const fresh = await readParticipation();
      if (fresh) setView(fresh);
      setProblem(null);
    } catch (error) {
      if (error.status === 401) {
        leave();
        onLeft();
      } else setProblem(error.message);
    }
  }
  useEffect(() => {
    forgetTag();
    refresh();
    const timer = setInterval(() => document.visibilityState !== "hidden" && refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, []);

  const send = (item) => {
    enqueue(item);
    setPending(queued().length);
    refresh();
  };
  if (!view) return html`<p class="boot">Connexion à l'atelier…</p>`;
  const step = view.step;
  const waiting = step && queued().some((i) => i.key === `answer-${step.number}`);
  let body;
  if (view.status === "termine") body = html`<p class="lead">L'atelier est terminé. Merci de votre participation !</p>`;
  else if (!step) body = html`<p class="lead">L'atelier va commencer : gardez cette page ouverte.</p>`;
  else if (step.kind === "pas_de_cote")
    body = html`<${Wall} step=${step}
      onIdea=${(text) => {
        const id = newId();
        send({
          key: `idea-${id}`,
          method: "POST",
          path: "/ateliers/participation/ideas",
          json: { id, step: step.number, text },
        });
      }}
      onSupport=${(id, on) => send({ key: `support-${id}`, method: on ? "PUT" : "DELETE", path: `/ateliers/participation/ideas/${id}/support` })} />`;
  else if (step.options)
    body = html`<${Question} key=${step.number} step=${step} mine=${view.my_answer} waiting=${waiting}
      onSend=${(value) =>
        send({
          key: `answer-${step.number}`,
          method: "POST",
          path: "/ateliers/participation/answers",
          json: { id: newId(), step: step.number, value },
        })} />`;
  else body = html`<p class="lead">Regardez l'écran : ${step.title}.</p>`;
  return html`
    <p class="kicker">${view.title} · étape ${(step?.number ?? 0) + 1} sur ${view.steps}</p>
    <${ScreenTitle} title=${view.title}>${step ? step.question || step.title : view.title}</${ScreenTitle}>
    ${problem && html`<${Status} kind="warning">${problem}</${Status}>`}
    ${pending > 0 && html`<p class="hint">${pending} envoi${pending > 1 ? "s" : ""} en attente.</p>`}
    ${body}
    <p><button type="button" class="link-button" onClick=${() => {
      leave();
      onLeft();
    }}>Quitter l'atelier</button></p>
  `;
}

export function AtelierScreen({ code, user }) {
  const [joined, setJoined] = useState(() => {
    const current = participation();
    return Boolean(current && (!code || current.code === code.toUpperCase()));
  });
  return html`<div class="atelier-phone">
    ${joined ? html`<${Live} onLeft=${() => setJoined(false)} />` : html`<${JoinForm} code=${code} user=${user} onJoined=${() => setJoined(true)} />`}
  </div>`;
}

// Synthèses: choose a territory, a theme (or all of them: the portrait de quartier) and a period;
// read the synthesis in the page; download it (PDF, HTML, CSV); freeze it, so that it reopens
// unchanged; and find the frozen ones again, to download or share them.
//
// API: GET /syntheses?territory&theme&since&until&format (the working version, computed now),
// POST /syntheses (freeze), GET /syntheses/issued?territory (the frozen ones of a
// territory), GET /syntheses/{id}?format (one frozen synthesis).
import { useEffect, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { loadThemes, THEMES } from "../../shared/data.js";
import { ErrorSummary, Field, ScreenTitle, Status } from "../../shared/ui.js";
import {
  DataTable,
  DownloadButton,
  getJson,
  Loaded,
  myTerritories,
  query,
  sendJson,
  TerritorySelect,
  useLoad,
} from "../common.js";
import { formatMoment, formatShortMoment, periodLabel } from "../../shared/format.js";
import { DocumentFrame, SynthesisPreview } from "./syntheses-preview.js";
import { everywhere } from "../../shared/permissions.js";

const FORMATS = [
  ["pdf", "PDF", "application/pdf"],
  ["html", "HTML", "text/html"],
  ["csv", "CSV", "text/csv"],
];
const PORTRAIT = "Tous les thèmes (portrait de quartier)";

const pad = (n) => String(n).padStart(2, "0");
const dateValue = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const parseDate = (value) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date;
};

/** The last twelve months, today included. */
function defaultPeriod() {
  const today = new Date();
  const since = new Date(today.getFullYear() - 1, today.getMonth(), today.getDate() + 1);
  return { since: dateValue(since), until: dateValue(today) };
}

/** The form's fields checked; {errors} or {request} for the API (``until`` exclusive, at midnight). */
function validate(form) {
  const errors = {};
  if (!form.territory) errors.territory = "Choisissez un territoire.";
  const since = form.since ? parseDate(form.since) : null;
  const until = form.until ? parseDate(form.until) : null;
  if (form.since && !since) errors.since = "La date de début n'est pas une date valide (jj/mm/aaaa).";
  if (form.until && !until) errors.until = "La date de fin n'est pas une date valide (jj/mm/aaaa).";
  if (since && until && since > until)
    errors.until = "La date de fin doit être le même jour que la date de début ou après.";
  if (Object.keys(errors).length) return { errors };
  const end = until && new Date(until.getFullYear(), until.getMonth(), until.getDate() + 1);
  return {
    request: {
      territory: form.territory,
      theme: form.theme || undefined,
      since: since ? since.toISOString() : undefined,
      until: end ? end.toISOString() : undefined,
    },
  };
}

const currentPath = (request, format) => "/syntheses" + query({ ...request, format });
const issuedPath = (id, format) => `/syntheses/${encodeURIComponent(id)}?format=${format}`;
const shareUrl = (id) => `${location.origin}/console#/syntheses/${encodeURIComponent(id)}`;

/** The three files of a synthesis; ``compact``: buttons named by their format only (in a table). */
function Downloads({ path, label, compact = false }) {
  return html`
    <div class="synthesis-downloads" role="group" aria-label=${label}>
      ${FORMATS.map(
        ([format, name, accept]) => html`
        <${DownloadButton} path=${path(format)} name=${`synthese.${format}`} accept=${accept}>
          ${compact ? html`<span class="visually-hidden">Télécharger en </span>${name}` : `Télécharger en ${name}`}</${DownloadButton}>`,
      )}
    </div>
  `;
}

/** A link to a frozen synthesis, for colleagues who have the console: shown, and copied on request. */
function ShareLink({ id, open = true }) {
  const [copied, setCopied] = useState(null);
  const url = shareUrl(id);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Lien copié : collez-le dans un courriel ou un message.");
    } catch {
      setCopied("Copie impossible ici : sélectionnez le lien et copiez-le.");
    }
  }
  return html`
    <span class="share-link">
      ${open && html`<a href=${"#/syntheses/" + encodeURIComponent(id)}>Ouvrir<span class="visually-hidden"> la synthèse n° ${id.slice(0, 8)}</span></a>`}
      <button type="button" class="button secondary small" onClick=${copy}>Copier le lien<span class="visually-hidden"> de la synthèse n° ${id.slice(0, 8)}</span></button>
      ${copied && html`<span class="hint" role="status">${copied}</span>`}
    </span>
  `;
}

function SynthesisForm({ territories, themes, onPreview }) {
  const [form, setForm] = useState(() => ({ territory: territories[0]?.code || "", theme: "", ...defaultPeriod() }));
  const [errors, setErrors] = useState({});
  const set = (key) => (value) => setForm({ ...form, [key]: value });
  function submit(event) {
    event.preventDefault();
    const checked = validate(form);
    setErrors(checked.errors || {});
    if (checked.request) onPreview(checked.request);
  }
  const messages = Object.values(errors);
  return html`
    <form class="card synthesis-form" onSubmit=${submit} noValidate aria-labelledby="synthesis-form-title">
      <h2 id="synthesis-form-title">Préparer une synthèse</h2>
      <${ErrorSummary} messages=${messages} />
      <div class="filters">
        ${
          territories.length
            ? html`<${TerritorySelect} id="synthesis-territory" territories=${territories} value=${form.territory} onChange=${set("territory")} />`
            : html`<p class="field-error">Aucun territoire ne vous est attribué : demandez à un administrateur de vous en confier un.</p>`
        }
        <${Field} id="synthesis-theme" label="Thème">
          <select id="synthesis-theme" value=${form.theme} onChange=${(e) => set("theme")(e.target.value)}>
            <option value="">${PORTRAIT}</option>
            ${themes.map((t) => html`<option value=${t.code}>${t.label}</option>`)}
          </select>
        </${Field}>
        <fieldset class="field period">
          <legend>Période</legend>
          <div class="period-dates">
            <${Field} id="synthesis-since" label="Du" error=${errors.since}>
              <input id="synthesis-since" type="date" value=${form.since} aria-invalid=${errors.since ? "true" : undefined}
                aria-describedby=${errors.since ? "synthesis-since-error" : undefined}
                onInput=${(e) => set("since")(e.target.value)} />
            </${Field}>
            <${Field} id="synthesis-until" label="Au (inclus)" error=${errors.until}>
              <input id="synthesis-until" type="date" value=${form.until} aria-invalid=${errors.until ? "true" : undefined}
                aria-describedby=${errors.until ? "synthesis-until-error" : undefined}
                onInput=${(e) => set("until")(e.target.value)} />
            </${Field}>
          </div>
        </fieldset>
      </div>
      <p class="hint">Sans thème, la synthèse est un portrait de quartier : tous les thèmes, les enquêtes et les indicateurs du territoire. Laissez une date vide pour ne pas borner la période.</p>
      <button type="submit" class="button primary" disabled=${!territories.length}>Voir l'aperçu</button>
    </form>
  `;
}

function Preview({ request, onIssued }) {
  const state = useLoad(() => getJson(currentPath(request, "json")), []);
  const [issuing, setIssuing] = useState({ busy: false, error: null, done: null });
  async function issue() {
    setIssuing({ busy: true, error: null, done: null });
    try {
      const synthesis = await sendJson("POST", "/syntheses", request);
      setIssuing({ busy: false, error: null, done: synthesis });
      onIssued(synthesis);
    } catch (error) {
      setIssuing({ busy: false, error: error.message, done: null });
    }
  }
  return html`
    <section class="synthesis-result" aria-labelledby="synthesis-preview-title">
      <${Loaded} state=${state} what="la synthèse">${(content) => html`
        <div class="card synthesis-actions">
          <p class="hint">Aperçu de la version de travail : les chiffres changent avec les nouveaux signalements. Figez-la pour la citer ou la partager : elle se rouvrira à l'identique.</p>
          <div class="action-row">
            <${Downloads} path=${(format) => currentPath(request, format)} label="Télécharger la version de travail" />
            <button type="button" class="button primary small" disabled=${issuing.busy} onClick=${issue}>
              ${issuing.busy ? "Enregistrement…" : "Figer cette synthèse"}</button>
          </div>
          ${issuing.error && html`<${Status} kind="error">${issuing.error}</${Status}>`}
          ${issuing.done && html`<${Status} kind="ok">Synthèse figée n° ${issuing.done.id.slice(0, 8)} : elle est dans la liste des synthèses figées, ci-dessous.</${Status}>`}
          <${DocumentFrame} path=${currentPath(request, "html")} title=${content.title} />
        </div>
        <${SynthesisPreview} content=${content} headingId="synthesis-preview-title" />`}
      </${Loaded}>
    </section>
  `;
}

async function loadIssued(codes) {
  const lists = await Promise.all(codes.map((code) => getJson("/syntheses/issued" + query({ territory: code }))));
  return lists.flat().sort((a, b) => (a.issued_at < b.issued_at ? 1 : -1));
}

function IssuedList({ user, territories, themes, tick }) {
  const admin = everywhere(user);
  const [territory, setTerritory] = useState(admin ? territories[0]?.code || "" : "");
  const codes = territory ? [territory] : territories.map((t) => t.code);
  const state = useLoad(() => loadIssued(codes), [codes.join(","), tick]);
  const names = Object.fromEntries(territories.map((t) => [t.code, t.name]));
  const themeName = (code) => (code ? themes.find((t) => t.code === code)?.label || code : "Portrait de quartier");
  const columns = [
    ["issued_at", "Figée le", (row) => formatShortMoment(row.issued_at)],
    ["territory", "Territoire", (row) => `${names[row.territory] || row.territory} (${row.territory})`],
    ["theme", "Thème", (row) => themeName(row.theme)],
    ["period", "Période", (row) => periodLabel(row.since, row.until)],
    ["observations", "Signalements"],
    [
      "files",
      "Télécharger",
      (row) =>
        html`<${Downloads} compact path=${(format) => issuedPath(row.id, format)} label=${"Télécharger la synthèse n° " + row.id.slice(0, 8)} />`,
    ],
    ["share", "Partager", (row) => html`<${ShareLink} id=${row.id} />`],
  ];
  return html`
    <section class="issued" aria-labelledby="issued-title">
      <h2 id="issued-title">Synthèses figées</h2>
      <p class="hint">Une synthèse figée garde ses chiffres : la rouvrir ou la télécharger de nouveau donne le même contenu. Le lien à partager s'ouvre dans la console, pour les collègues de ce territoire.</p>
      ${
        territories.length > 1 &&
        html`
        <div class="filters">
          <${TerritorySelect} id="issued-territory" label="Territoire des synthèses figées" territories=${territories}
            value=${territory} onChange=${setTerritory} all=${!admin} />
        </div>`
      }
      <${Loaded} state=${state} what="les synthèses figées">${(rows) => html`
        <${DataTable} caption="Synthèses figées, la plus récente d'abord" columns=${columns} rows=${rows}
          empty="Aucune synthèse figée pour l'instant : préparez-en une ci-dessus puis figez-la." />`}
      </${Loaded}>
    </section>
  `;
}

/** One frozen synthesis, opened from a shared link (#/syntheses/ID). */
function IssuedSynthesis({ id }) {
  const state = useLoad(() => getJson(issuedPath(id, "json")), [id]);
  useEffect(() => window.scrollTo(0, 0), [id]); // opened from the bottom of the list
  return html`
    <p><a href="#/syntheses">← Toutes les synthèses</a></p>
    <${Loaded} state=${state} what="la synthèse figée">${(content) => html`
      <div class="card synthesis-actions">
        <p class="hint">Synthèse figée le ${formatMoment(content.issue?.issued_at, "")} : ses chiffres ne changent plus.</p>
        <div class="action-row">
          <${Downloads} path=${(format) => issuedPath(id, format)} label="Télécharger la synthèse figée" />
          <${ShareLink} id=${id} open=${false} />
        </div>
        <${DocumentFrame} path=${issuedPath(id, "html")} title=${content.title} />
      </div>
      <${SynthesisPreview} content=${content} headingId="synthesis-preview-title" />`}
    </${Loaded}>
  `;
}

async function loadChoices(user) {
  const [territories, themes] = await Promise.all([myTerritories(user), loadThemes().catch(() => THEMES)]);
  return { territories, themes: themes?.length ? themes : THEMES };
}

export function SynthesesScreen({ user, route }) {
  const choices = useLoad(() => loadChoices(user), [user.id]);
  const [preview, setPreview] = useState(null);
  const [tick, setTick] = useState(0);
  // Each click on « Voir l'aperçu » computes the synthesis again (new reports may have come).
  const show = (request) => setPreview((p) => ({ request, n: (p?.n || 0) + 1 }));
  return html`
    <div class="syntheses">
      <${ScreenTitle}>Synthèses</${ScreenTitle}>
      <${Loaded} state=${choices} what="vos territoires">${({ territories, themes }) =>
        route.id
          ? html`<${IssuedSynthesis} id=${route.id} />`
          : html`
            <${SynthesisForm} territories=${territories} themes=${themes} onPreview=${show} />
            ${preview && html`<${Preview} key=${preview.n} request=${preview.request} onIssued=${() => setTick((t) => t + 1)} />`}
            <${IssuedList} user=${user} territories=${territories} themes=${themes} tick=${tick} />`}
      </${Loaded}>
    </div>
  `;
}

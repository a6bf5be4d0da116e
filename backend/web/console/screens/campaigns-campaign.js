// The campaigns: the list with their status and response counts, the form to open one on the
// organiser's territories, and a campaign's page (counts, summary per question, exports, closing).
import { useMemo, useRef, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";
import { PreparedSurvey } from "../../shared/survey/definition.js";
import { ErrorSummary, ScreenTitle, Status } from "../../shared/ui.js";
import {
  DataTable,
  DownloadButton,
  formatNumber,
  getJson,
  Loaded,
  myTerritories,
  query,
  sendJson,
  useLoad,
} from "../common.js";
import { dateValue, dayToIso, formatDay, formatMoment } from "../../shared/format.js";
import { StatusBadge } from "./campaigns-format.js";
import { CollectAccess, SubmissionImport } from "./campaigns-collect.js";

let notice = null; // a message for the next page shown ("Campagne ouverte.")

const period = (c) => `du ${formatDay(c.opens_at)} au ${formatDay(c.closes_at)}`;

/** The campaigns of my territories (and those above and below). */
export function CampaignList({ organiser }) {
  const state = useLoad(() => getJson("/campaigns"), []);
  const columns = [
    ["title", "Campagne", (c) => html`<a href=${"#/enquetes/campagne/" + c.id}>${c.title}</a>`],
    ["survey", "Formulaire", (c) => `${c.survey.title} (v${c.survey.version})`],
    ["territories", "Territoires", (c) => c.territories.join(", ")],
    ["period", "Période", period],
    ["status", "Statut", (c) => html`<${StatusBadge} campaign=${c} />`],
    ["responses", "Réponses", (c) => formatNumber(c.responses)],
  ];
  return html`
    <section aria-labelledby="campaigns-title">
      <div class="section-head">
        <h2 id="campaigns-title">Campagnes</h2>
        ${organiser && html`<a class="button primary small" href="#/enquetes/nouvelle">Ouvrir une campagne</a>`}
        <button type="button" class="button secondary small" onClick=${state.reload}>Actualiser</button>
      </div>
      <${Loaded} state=${state} what="les campagnes">${(campaigns) => html`
        <${DataTable} caption="Les campagnes de vos territoires" columns=${columns} rows=${campaigns}
          empty="Aucune campagne pour l'instant." />`}
      </${Loaded}>
    </section>`;
}

/** #/enquetes/nouvelle?survey=ID: a survey version, a title, territories and dates. */
export function NewCampaign({ user, route }) {
  const state = useLoad(() => Promise.all([getJson("/surveys"), myTerritories(user)]), [user.id]);
  return html`
    <p><a href="#/enquetes">← Enquêtes et campagnes</a></p>
    <${ScreenTitle}>Ouvrir une campagne</${ScreenTitle}>
    <${Loaded} state=${state} what="les formulaires et vos territoires">${([surveys, territories]) =>
      surveys.length === 0
        ? html`<${Status} kind="warning">Aucun formulaire publié : <a href="#/enquetes">partez d'un modèle ou importez un XLSForm</a> d'abord.</${Status}>`
        : html`<${CampaignForm} surveys=${surveys} territories=${territories} wanted=${route.params.get("survey")} />`}
    </${Loaded}>`;
}

function CampaignForm({ surveys, territories, wanted }) {
  const start = surveys.find((s) => s.id === wanted) || surveys[0];
  const today = new Date();
  const [values, setValues] = useState({
    survey_id: start.id,
    title: start.title,
    description: "",
    territories: territories.length === 1 ? [territories[0].code] : [],
    opens: dateValue(today),
    closes: dateValue(new Date(today.getFullYear(), today.getMonth(), today.getDate() + 30)),
  });
  const [titleEdited, setTitleEdited] = useState(false);
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (changes) => setValues((v) => ({ ...v, ...changes }));

  function chooseSurvey(id) {
    const survey = surveys.find((s) => s.id === id);
    set({ survey_id: id, ...(titleEdited ? {} : { title: survey.title }) });
  }
  function toggle(code, on) {
    set({ territories: on ? [...values.territories, code] : values.territories.filter((c) => c !== code) });
  }

  function check() {
    const found = {};
    if (!values.title.trim()) found.title = "Donnez un titre à la campagne : les veilleurs le verront.";
    if (!values.territories.length) found.territories = "Choisissez au moins un territoire.";
    if (!values.opens) found.opens_at = "Indiquez la date d'ouverture.";
    if (!values.closes) found.closes_at = "Indiquez la date de fin.";
    if (values.opens && values.closes && values.closes < values.opens)
      found.closes_at = "La fin de la campagne doit venir après son ouverture.";
    return found;
  }

  async function submit(event) {
    event.preventDefault();
    const found = check();
    if (Object.keys(found).length) {
      setErrors(found);
      setSummary(Object.values(found));
      return;
    }
    setBusy(true);
    try {
      const campaign = await sendJson("POST", "/campaigns", {
        survey_id: values.survey_id,
        title: values.title.trim(),
        description: values.description.trim() || null,
        territories: values.territories,
        opens_at: dayToIso(values.opens),
        closes_at: dayToIso(values.closes, true),
      });
      notice = `Campagne « ${campaign.title} » ouverte sur ${campaign.territories.join(", ")}.`;
      location.hash = "#/enquetes/campagne/" + campaign.id;
    } catch (error) {
      const fields = Object.fromEntries(
        Object.entries(error.fieldErrors || {}).map(([k, v]) => [k, describeErrors(v).join(" ")]),
      );
      setErrors(fields);
      const listed = describeErrors(error.fieldErrors || {});
      setSummary(listed.length ? [error.message, ...listed.filter((m) => m !== error.message)] : [error.message]);
    } finally {
      setBusy(false);
    }
  }

  const chosen = surveys.find((s) => s.id === values.survey_id);
  const fieldError = (key) => errors[key] && html`<p class="field-error" id=${key + "-error"}>${errors[key]}</p>`;
  return html`
    <form class="campaign-form" onSubmit=${submit} noValidate>
      <${ErrorSummary} messages=${summary} />
      <div class=${"field" + (errors.survey_id ? " has-error" : "")}>
        <label for="campaign-survey">Formulaire</label>
        ${fieldError("survey_id")}
        <select id="campaign-survey" value=${values.survey_id} onChange=${(e) => chooseSurvey(e.target.value)}>
          ${surveys.map((s) => html`<option value=${s.id}>${s.title} (version ${s.version})</option>`)}
        </select>
        <p class="hint"><a href=${"#/enquetes/apercu/" + chosen.id}>Voir l'aperçu de « ${chosen.title} »</a></p>
      </div>
      <div class=${"field" + (errors.title ? " has-error" : "")}>
        <label for="campaign-title">Titre de la campagne</label>
        <p class="hint" id="campaign-title-hint">Les veilleurs le voient dans la liste de leurs enquêtes.</p>
        ${fieldError("title")}
        <input id="campaign-title" value=${values.title} maxlength="200" aria-describedby="campaign-title-hint"
          aria-invalid=${errors.title ? "true" : undefined}
          onInput=${(e) => {
            setTitleEdited(true);
            set({ title: e.target.value });
          }} />
      </div>
      <div class="field">
        <label for="campaign-description">Présentation (facultatif)</label>
        <textarea id="campaign-description" rows="3" maxlength="5000" value=${values.description}
          onInput=${(e) => set({ description: e.target.value })}></textarea>
      </div>
      <fieldset class=${"field territories-choice" + (errors.territories ? " has-error" : "")}>
        <legend>Territoires de la campagne</legend>
        ${fieldError("territories")}
        ${territories.length === 0 && html`<p>Vous n'animez aucun territoire : demandez à un administrateur de vous en confier un.</p>`}
        <ul>${territories.map(
          (t) => html`<li class="checkbox">
          <input type="checkbox" id=${"campaign-territory-" + t.code} checked=${values.territories.includes(t.code)}
            onChange=${(e) => toggle(t.code, e.target.checked)} />
          <label for=${"campaign-territory-" + t.code}>${t.name} (${t.code})</label></li>`,
        )}</ul>
      </fieldset>
      <div class="dates">
        <div class=${"field" + (errors.opens_at ? " has-error" : "")}>
          <label for="campaign-opens">Ouverture le</label>
          ${fieldError("opens_at")}
          <input id="campaign-opens" type="date" value=${values.opens} onInput=${(e) => set({ opens: e.target.value })} />
        </div>
        <div class=${"field" + (errors.closes_at ? " has-error" : "")}>
          <label for="campaign-closes">Fin le (inclus)</label>
          ${fieldError("closes_at")}
          <input id="campaign-closes" type="date" value=${values.closes} onInput=${(e) => set({ closes: e.target.value })} />
        </div>
      </div>
      <p class="hint">Les réponses faites pendant la campagne sur un téléphone hors ligne sont encore reçues quelques jours après la fin.</p>
      <button type="submit" class="button primary" disabled=${busy}>${busy ? "Ouverture…" : "Ouvrir la campagne"}</button>
    </form>`;
}

const share = (value) => (value === null || value === undefined ? "masqué" : `${Math.round(value * 100)} %`);
const count = (value) => (value === null || value === undefined ? "masqué" : formatNumber(value));
const decimal = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
const figure = (value) => (value === null || value === undefined ? "—" : decimal.format(value));

/** One question of the summary: counts of its choices, or its numbers, or how many answered. */
function QuestionSummary({ item, name, survey }) {
  const answered = html`<p class="meta">${item.answered === null ? "Trop peu de réponses : masqué" : `${formatNumber(item.answered)} réponse(s)`}</p>`;
  if (item.answered === null || item.answered === 0) {
    return html`<div class="question-summary text-summary"><h3>${item.label}</h3>${item.answered === 0 ? html`<p class="meta">Aucune réponse.</p>` : answered}</div>`;
  }
  if (item.counts) {
    const rows = Object.keys(item.counts).map((choice) => ({
      label: survey.choiceLabel(name, choice) || choice,
      count: count(item.counts[choice]),
      share: share(item.shares[choice]),
    }));
    return html`<div class="question-summary">
      <${DataTable} caption=${item.label} columns=${[["label", "Choix"], ["count", "Réponses"], ["share", "Part"]]} rows=${rows} />
      ${answered}</div>`;
  }
  if ("mean" in item) {
    const rows = [
      ["Réponses", count(item.n)],
      ["Moyenne", figure(item.mean)],
      ["Médiane", figure(item.median)],
      ["1er quartile", figure(item.q1)],
      ["3e quartile", figure(item.q3)],
    ].map(([label, value]) => ({ label, value }));
    return html`<div class="question-summary">
      <${DataTable} caption=${item.label} rows=${rows} columns=${[["label", "Mesure"], ["value", "Valeur"]]} /></div>`;
  }
  return html`<div class="question-summary text-summary"><h3>${item.label}</h3>${answered}
    ${item.type === "text" && html`<p class="meta">Texte libre : lisez-le dans l'export.</p>`}</div>`;
}

function Summary({ campaign, state }) {
  const survey = useMemo(() => new PreparedSurvey(campaign.definition || {}), [campaign.definition]);
  return html`
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Résumé par question</h2>
      <${Loaded} state=${state} what="le résumé">${(summary) => {
        const questions = Object.entries(summary.questions || {}).filter(([, item]) => item.type !== "calculate");
        const threshold = summary.disclosure_threshold;
        if (summary.responses === 0) return html`<p>Pas encore de réponse.</p>`;
        if (summary.responses < threshold) {
          return html`<p class="status">Le résumé par question s'affiche à partir de ${threshold} réponses, pour que personne
            ne soit reconnu (${formatNumber(summary.responses)} pour l'instant). Les réponses elles-mêmes sont dans l'export.</p>`;
        }
        return html`
          <p class="hint">Les effectifs de moins de ${threshold} réponses sont masqués, pour que personne ne soit reconnu.</p>
          <div class="summary-grid">${questions.map(([name, item]) => html`<${QuestionSummary} name=${name} item=${item} survey=${survey} />`)}</div>`;
      }}</${Loaded}>
    </section>`;
}

/** Close now (or reopen one closed by hand), after a confirmation. */
function Closing({ campaign, onChanged }) {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState(null);
  const confirmRef = useRef(null);
  const closedByHand = campaign.closed_at !== null && campaign.closed_at !== undefined;
  async function change(closed) {
    setProblem(null);
    try {
      await sendJson("PATCH", `/campaigns/${campaign.id}`, { closed });
      notice = closed ? "Campagne close : elle ne reçoit plus de réponses." : "Campagne rouverte.";
      setAsking(false);
      onChanged();
    } catch (error) {
      setProblem(error.message);
    }
  }
  if (closedByHand) {
    return html`<div class="closing">
      <p>Close à la main le ${formatMoment(campaign.closed_at)}.</p>
      <button type="button" class="button secondary small" onClick=${() => change(false)}>Rouvrir la campagne</button>
      ${problem && html`<p class="field-error" role="alert">${problem}</p>`}</div>`;
  }
  if (campaign.status === "closed") return null;
  return html`<div class="closing">
    ${
      asking
        ? html`<div class="confirm" role="group" aria-labelledby="close-question">
          <p id="close-question"><strong>Clore la campagne maintenant ?</strong> Plus aucune réponse ne sera reçue,
            même celles faites hors ligne et pas encore envoyées. Vous pourrez la rouvrir.</p>
          <button type="button" class="button danger small" ref=${confirmRef} onClick=${() => change(true)}>Oui, clore la campagne</button>
          <button type="button" class="button secondary small" onClick=${() => setAsking(false)}>Annuler</button>
        </div>`
        : html`<button type="button" class="button secondary small" onClick=${() => {
            setAsking(true);
            setTimeout(() => confirmRef.current?.focus());
          }}>Clore la campagne avant la date prévue</button>`
    }
    ${problem && html`<p class="field-error" role="alert">${problem}</p>`}
  </div>`;
}

const EXPORT_NAMING = {
  labels: "Libellés des questions et des choix (pour lire)",
  names: "Noms des questions et des choix (pour l'analyse, comme KoboToolbox)",
};

/** #/enquetes/campagne/ID */
export function CampaignPage({ id, organiser }) {
  const state = useLoad(() => getJson(`/campaigns/${encodeURIComponent(id)}`), [id]);
  const summary = useLoad(() => getJson(`/campaigns/${encodeURIComponent(id)}/summary`), [id]);
  const [naming, setNaming] = useState("labels");
  const [shown] = useState(() => {
    const text = notice;
    notice = null;
    return text;
  });
  const [message, setMessage] = useState(shown);
  const refresh = () => {
    setMessage(null);
    state.reload();
    summary.reload();
  };
  const changed = () => {
    setMessage(notice);
    notice = null;
    state.reload();
    summary.reload();
  };
  const exportPath = (format) =>
    `/campaigns/${encodeURIComponent(id)}/responses` +
    query({ format, headers: naming, values: naming, excel: format === "csv" ? "true" : "" });
  return html`
    <p><a href="#/enquetes">← Enquêtes et campagnes</a></p>
    <${Loaded} state=${state} what="la campagne">${(campaign) => html`
      <${ScreenTitle}>${campaign.title}</${ScreenTitle}>
      ${message && html`<${Status} kind="ok">${message}</${Status}>`}
      <div class="campaign-head">
        <div class="response-count card" aria-live="polite">
          <p class="big-number">${formatNumber(campaign.responses)}</p>
          <p>${campaign.responses === 1 ? "réponse reçue" : "réponses reçues"}</p>
          <button type="button" class="button secondary small" onClick=${refresh} aria-busy=${state.loading ? "true" : undefined}>
            ${state.loading ? "Actualisation…" : "Actualiser"}</button>
        </div>
        <dl class="campaign-facts">
          <dt>Statut</dt><dd><${StatusBadge} campaign=${campaign} />
            ${campaign.status === "ended" && html` Les réponses faites pendant la campagne hors ligne arrivent encore jusqu'au ${formatMoment(campaign.accepts_until)}.`}</dd>
          <dt>Période</dt><dd>${period(campaign)}</dd>
          <dt>Territoires</dt><dd>${campaign.territories.join(", ")}</dd>
          <dt>Formulaire</dt><dd>${campaign.survey.title}, version ${campaign.survey.version}${" · "}<a href=${"#/enquetes/apercu/" + campaign.survey.id}>voir l'aperçu</a></dd>
          ${campaign.description && html`<dt>Présentation</dt><dd>${campaign.description}</dd>`}
        </dl>
      </div>
      ${organiser && html`<${Closing} campaign=${campaign} onChanged=${changed} />`}
      <section aria-labelledby="export-title" class="card exports">
        <h2 id="export-title">Exporter les réponses</h2>
        <p class="hint">Une ligne par réponse, une colonne par question (et une par choix d'une question à choix multiple),
          comme KoboToolbox. Seules les réponses de vos territoires sont exportées ; chaque export est noté dans le journal.</p>
        <fieldset class="naming">
          <legend>En-têtes et choix</legend>
          ${Object.entries(EXPORT_NAMING).map(
            ([value, label]) => html`<label class="radio">
            <input type="radio" name="export-naming" value=${value} checked=${naming === value} onChange=${() => setNaming(value)} /> ${label}</label>`,
          )}
        </fieldset>
        <p class="actions">
          <${DownloadButton} path=${exportPath("csv")} name="reponses.csv" className="button primary small">Télécharger (CSV)</${DownloadButton}>
          <${DownloadButton} path=${exportPath("xlsx")} name="reponses.xlsx" className="button primary small">Télécharger (XLSX)</${DownloadButton}>
        </p>
      </section>
      <${Summary} campaign=${campaign} state=${summary} />
      ${organiser && html`<${CollectAccess} campaign=${campaign} />`}
      ${organiser && html`<${SubmissionImport} campaign=${campaign} onImported=${changed} />`}`}
    </${Loaded}>`;
}

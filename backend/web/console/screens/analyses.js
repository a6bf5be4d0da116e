// Analyses: launch one (themes of the texts, hotspots, typology of a survey's respondents, counts),
// follow it while the server computes it, then read its result as a page (analyses-results.js).
// The API decides what data an analysis reads: the requester's territories, nothing else.
import { useEffect, useState } from "preact/hooks";
import { describeErrors } from "../../shared/http.js";
import { html } from "../../shared/html.js";
import { THEMES, POLARITIES, themeLabel, polarityLabel } from "../../shared/data.js";
import { ErrorSummary, ScreenTitle, Status, describedBy } from "../../shared/ui.js";
import { DataTable, Loaded, TerritorySelect, getJson, myTerritories, query, sendJson, useLoad } from "../common.js";
import { KINDS, STATUS_LABELS, kindLabel, AnalysisResult, DataUsed } from "./analyses-results.js";
import { CROSSING_VARIABLES, surveyQuestions } from "./analyses-crossing.js";

const ACTIVE = ["queued", "running"];
const dateTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short" });
export const formatDateTime = (value) => (value ? dateTime.format(new Date(value)) : "—");
const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium" });

/** "2024-03-01" (a day in the browser's time zone) → its first instant, as ISO with its offset. */
function startOfDay(value, plusDays = 0) {
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** What an analysis was asked to read, in a sentence's words: "Propreté · QP031001 · depuis …". */
export function describeParameters(parameters = {}, campaigns = [], result = null) {
  const parts = [];
  if (parameters.campaign) {
    const campaign = campaigns.find((c) => c.id === parameters.campaign);
    parts.push(`Enquête : ${campaign ? campaign.title : "campagne " + parameters.campaign.slice(0, 8)}`);
  }
  parts.push(parameters.territory ? `Territoire ${parameters.territory}` : "Tous mes territoires");
  if (parameters.theme) parts.push(themeLabel(THEMES, parameters.theme));
  if (parameters.polarity) parts.push(polarityLabel(parameters.polarity));
  if (parameters.since) parts.push(`depuis le ${day.format(new Date(parameters.since))}`);
  if (parameters.until) parts.push(`jusqu'au ${day.format(new Date(new Date(parameters.until).getTime() - 1))}`); // sent: the next midnight
  if (parameters.n_clusters) parts.push(`${parameters.n_clusters} groupes demandés`);
  if (parameters.radius_m) parts.push(`rayon ${parameters.radius_m} m`);
  if (parameters.n_classes) parts.push(`${parameters.n_classes} classes demandées`);
  if (parameters.row && parameters.column) {
    const name = (code, side) =>
      result?.[side]?.label || (CROSSING_VARIABLES.find((v) => v.code === code) || { label: code }).label;
    parts.push(`${name(parameters.row, "row")} × ${name(parameters.column, "column")}`);
  }
  return parts.join(" · ");
}

export function StatusBadge({ status }) {
  return html`<span class=${"badge analysis-status " + status}>${STATUS_LABELS[status] || status}</span>`;
}

export function AnalysesScreen({ user, route, config }) {
  return route.id
    ? html`<${AnalysisPage} key=${route.id} id=${route.id} config=${config} user=${user} />`
    : html`<${AnalysesHome} user=${user} from=${route.params.get("depuis")} />`;
}

const pad = (n) => String(n).padStart(2, "0");
const localDay = (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** The form as it was filled for this analysis (to launch it again, changed or not). */
export function formFromJob(job) {
  const p = job.parameters || {};
  const text = (value) => (value === undefined || value === null ? "" : String(value));
  return {
    ...EMPTY,
    kind: job.kind,
    territory: text(p.territory),
    theme: text(p.theme),
    polarity: text(p.polarity),
    since: p.since ? localDay(new Date(p.since)) : "",
    until: p.until ? localDay(new Date(new Date(p.until).getTime() - 1)) : "",
    campaign: text(p.campaign),
    n_clusters: p.n_clusters === "auto" ? "" : text(p.n_clusters),
    radius_m: p.radius_m ? text(p.radius_m) : EMPTY.radius_m,
    by: text(p.by),
    n_classes: text(p.n_classes),
    row: text(p.row),
    column: text(p.column),
  };
}

function AnalysesHome({ user, from }) {
  const territories = useLoad(() => myTerritories(user), [user.id]);
  const campaigns = useLoad(() => getJson("/campaigns"), [user.id]);
  const previous = useLoad(() => (from ? getJson(`/analyses/${encodeURIComponent(from)}`) : null), [from]);
  return html`
    <${ScreenTitle}>Analyses</${ScreenTitle}>
    <p class="lead">Lancez une analyse des contributions de vos territoires, puis lisez son résultat : les thèmes qui
      reviennent dans les textes, les lieux où les observations se concentrent, les profils de répondants d'une enquête.</p>
    <${Loaded} state=${territories} what="vos territoires">
      ${(
        list,
      ) => html`<${LaunchForm} key=${from && previous.data ? from : "new"} territories=${list} campaigns=${campaigns.data || []}
        initial=${from && previous.data ? formFromJob(previous.data) : EMPTY} />`}
    </${Loaded}>
    <${MyAnalyses} campaigns=${campaigns.data || []} />
  `;
}

const EMPTY = {
  kind: "",
  territory: "",
  theme: "",
  polarity: "",
  since: "",
  until: "",
  campaign: "",
  n_clusters: "",
  radius_m: "150",
  by: "",
  n_classes: "",
  row: "",
  column: "",
};

/** Integer text within [low, high], or "" when empty; otherwise null. */
function integer(text, low, high) {
  if (text === "") return "";
  if (!/^\d+$/.test(text.trim())) return null;
  const value = Number(text);
  return value >= low && value <= high ? value : null;
}

/** The form's checks, French sentences by field; the API checks again. */
export function validate(form) {
  const errors = {};
  if (!form.kind) errors.kind = "Choisissez le type d'analyse.";
  if (form.kind === "typology" && !form.campaign)
    errors.campaign = "Choisissez l'enquête dont les répondants seront classés.";
  if (form.kind === "crossing") {
    if (!form.row) errors.row = "Choisissez la première variable (les lignes du tableau).";
    if (!form.column) errors.column = "Choisissez la seconde variable (les colonnes du tableau).";
    else if (form.column === form.row) errors.column = "Choisissez deux variables différentes.";
  }
  if (form.kind !== "typology" && form.since && form.until && form.until < form.since)
    errors.until = "La fin de la période doit venir après son début.";
  if (form.kind === "text_clusters" && integer(form.n_clusters, 2, 40) === null)
    errors.n_clusters =
      "Le nombre de groupes est un nombre entier entre 2 et 40 (ou laissez vide : il est choisi automatiquement).";
  if (form.kind === "hotspots" && (form.radius_m === "" || integer(form.radius_m, 20, 2000) === null))
    errors.radius_m = "Le rayon est un nombre entier de mètres entre 20 et 2 000.";
  if (form.kind === "typology" && integer(form.n_classes, 2, 8) === null)
    errors.n_classes =
      "Le nombre de classes est un nombre entier entre 2 et 8 (ou laissez vide : il est choisi automatiquement).";
  return errors;
}

/** The body of POST /analyses for this form. */
export function requestBody(form) {
  const body = { kind: form.kind, parameters: {} };
  if (form.kind === "typology") {
    body.campaign = form.campaign;
    if (form.n_classes) body.parameters.n_classes = Number(form.n_classes);
    return body;
  }
  if (form.kind === "crossing") {
    body.parameters = { row: form.row, column: form.column };
    if (form.campaign) {
      body.campaign = form.campaign;
      return body;
    }
  }
  for (const key of ["territory", "theme", "polarity"]) if (form[key]) body[key] = form[key];
  if (form.since) body.since = startOfDay(form.since);
  if (form.until) body.until = startOfDay(form.until, 1); // the whole last day
  if (form.kind === "text_clusters" && form.n_clusters) body.parameters.n_clusters = Number(form.n_clusters);
  if (form.kind === "hotspots") {
    body.parameters.radius_m = Number(form.radius_m);
    if (form.by) body.parameters.by = form.by;
  }
  return body;
}

const FIELD_ORDER = [
  "kind",
  "campaign",
  "territory",
  "theme",
  "polarity",
  "since",
  "until",
  "n_clusters",
  "radius_m",
  "n_classes",
  "row",
  "column",
];

function LaunchForm({ territories, campaigns, initial }) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState([]);
  const [busy, setBusy] = useState(false);
  const set = (key) => (event) => setForm({ ...form, [key]: event.target.value });
  const kind = KINDS.find((k) => k.code === form.kind);
  const onObservations = form.kind && form.kind !== "typology" && !(form.kind === "crossing" && form.campaign);
  const survey = useLoad(
    () =>
      form.kind === "crossing" && form.campaign ? getJson(`/campaigns/${encodeURIComponent(form.campaign)}`) : null,
    [form.kind, form.campaign],
  );
  const variables = form.campaign ? surveyQuestions(survey.data?.definition) : CROSSING_VARIABLES;

  async function submit(event) {
    event.preventDefault();
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length) {
      setSummary(FIELD_ORDER.filter((key) => found[key]).map((key) => found[key]));
      return;
    }
    setBusy(true);
    setSummary([]);
    try {
      const job = await sendJson("POST", "/analyses", requestBody(form));
      location.hash = `#/analyses/${job.id}`;
    } catch (error) {
      const fields = describeErrors(error.fieldErrors);
      setSummary(fields.length ? [error.message, ...fields] : [error.message]);
      setBusy(false);
    }
  }

  const field = (id, label, hint, control) => html`
    <div class=${"field" + (errors[id] ? " has-error" : "")}>
      <label for=${"analysis-" + id}>${label}</label>
      ${hint && html`<p class="hint" id=${"analysis-" + id + "-hint"}>${hint}</p>`}
      ${errors[id] && html`<p class="field-error" id=${"analysis-" + id + "-error"}>${errors[id]}</p>`}
      ${control({
        id: "analysis-" + id,
        "aria-invalid": errors[id] ? "true" : undefined,
        "aria-describedby": describedBy("analysis-" + id, hint, errors[id]),
      })}
    </div>`;

  return html`
    <section class="card analysis-launch" aria-labelledby="launch-title">
      <h2 id="launch-title">Lancer une analyse</h2>
      <${ErrorSummary} title="L'analyse n'a pas été lancée" messages=${summary} />
      <form noValidate onSubmit=${submit}>
        <fieldset class=${"field" + (errors.kind ? " has-error" : "")} aria-describedby=${errors.kind ? "analysis-kind-error" : undefined}>
          <legend>Type d'analyse</legend>
          ${errors.kind && html`<p class="field-error" id="analysis-kind-error">${errors.kind}</p>`}
          <div class="choices analysis-kinds">
            ${KINDS.map(
              (k) => html`
              <div class=${"choice" + (form.kind === k.code ? " selected" : "")}>
                <input type="radio" name="kind" id=${"kind-" + k.code} value=${k.code} checked=${form.kind === k.code}
                  aria-describedby=${"kind-" + k.code + "-hint"} onChange=${set("kind")} />
                <div><label for=${"kind-" + k.code}>${k.label}</label>
                  <span class="hint" id=${"kind-" + k.code + "-hint"}>${k.hint}</span></div>
              </div>`,
            )}
          </div>
        </fieldset>

        ${
          form.kind === "typology" &&
          html`
          <div class="filters">
            ${field(
              "campaign",
              "Enquête",
              campaigns.length
                ? "Les réponses de vos territoires à cette campagne."
                : "Aucune campagne sur vos territoires pour l'instant.",
              (a) => html`
              <select ...${a} value=${form.campaign} onChange=${set("campaign")}>
                <option value="">Choisir une enquête</option>
                ${campaigns.map((c) => html`<option value=${c.id}>${c.title}${c.responses != null ? ` (${c.responses} réponses)` : ""}</option>`)}
              </select>`,
            )}
            ${field(
              "n_classes",
              "Nombre de classes",
              "Vide : choisi automatiquement.",
              (a) => html`
              <input ...${a} type="text" inputmode="numeric" size="6" value=${form.n_classes} onInput=${set("n_classes")} />`,
            )}
          </div>`
        }

        ${
          form.kind === "crossing" &&
          html`
          <div class="filters crossing-variables">
            ${field(
              "campaign",
              "Données",
              "Les observations, ou les réponses de vos territoires à une enquête.",
              (a) => html`
              <select ...${a} value=${form.campaign} onChange=${(event) => setForm({ ...form, campaign: event.target.value, row: "", column: "" })}>
                <option value="">Les observations</option>
                ${campaigns.map((c) => html`<option value=${c.id}>Enquête : ${c.title}</option>`)}
              </select>`,
            )}
            ${["row", "column"].map((key) =>
              field(
                key,
                key === "row" ? "Croiser… (lignes)" : "…avec (colonnes)",
                null,
                (a) => html`
                <select ...${a} value=${form[key]} onChange=${set(key)}>
                  <option value="">${form.campaign && survey.loading ? "Chargement des questions…" : "Choisir"}</option>
                  ${variables.map((v) => html`<option value=${v.code}>${v.label}</option>`)}
                </select>`,
              ),
            )}
          </div>`
        }

        ${
          onObservations &&
          html`
          <div class="filters">
            <${TerritorySelect} id="analysis-territory" territories=${territories} value=${form.territory}
              onChange=${(value) => setForm({ ...form, territory: value })} all=${true} />
            ${field(
              "theme",
              "Thème",
              null,
              (a) => html`
              <select ...${a} value=${form.theme} onChange=${set("theme")}>
                <option value="">Tous les thèmes</option>
                ${THEMES.map((t) => html`<option value=${t.code}>${t.label}</option>`)}
              </select>`,
            )}
            ${field(
              "polarity",
              "Type d'observation",
              null,
              (a) => html`
              <select ...${a} value=${form.polarity} onChange=${set("polarity")}>
                <option value="">Tous les types</option>
                ${POLARITIES.map((p) => html`<option value=${p.code}>${p.short}</option>`)}
              </select>`,
            )}
            ${field("since", "Du", null, (a) => html`<input ...${a} type="date" value=${form.since} onInput=${set("since")} />`)}
            ${field("until", "Au (inclus)", null, (a) => html`<input ...${a} type="date" value=${form.until} onInput=${set("until")} />`)}
          </div>`
        }

        ${
          form.kind === "text_clusters" &&
          html`
          <div class="filters">
            ${field(
              "n_clusters",
              "Nombre de groupes",
              "Vide : choisi automatiquement.",
              (a) => html`
              <input ...${a} type="text" inputmode="numeric" size="6" value=${form.n_clusters} onInput=${set("n_clusters")} />`,
            )}
          </div>`
        }

        ${
          form.kind === "hotspots" &&
          html`
          <div class="filters">
            ${field(
              "radius_m",
              "Rayon de voisinage (mètres)",
              "Entre 20 et 2 000 m.",
              (a) => html`
              <input ...${a} type="text" inputmode="numeric" size="8" value=${form.radius_m} onInput=${set("radius_m")} />`,
            )}
            ${field(
              "by",
              "Chercher séparément",
              null,
              (a) => html`
              <select ...${a} value=${form.by} onChange=${set("by")}>
                <option value="">Toutes les observations ensemble</option>
                <option value="theme">Par thème</option>
                <option value="polarity">Par type d'observation</option>
              </select>`,
            )}
          </div>`
        }

        ${kind && html`<p class="hint">${kind.help}</p>`}
        <button type="submit" class="button primary" disabled=${busy}>${busy ? "Lancement…" : "Lancer l'analyse"}</button>
      </form>
    </section>
  `;
}

/** My analyses, newest first; the list refreshes itself while some are still computing. */
function MyAnalyses({ campaigns }) {
  const state = useLoad(() => getJson("/analyses" + query({ page_size: 50 })), []);
  const jobs = state.data || [];
  const computing = jobs.some((job) => ACTIVE.includes(job.status));
  useEffect(() => {
    if (!computing) return undefined;
    const timer = setTimeout(state.reload, 2000);
    return () => clearTimeout(timer);
  }, [state.data]);
  const columns = [
    ["created_at", "Lancée le", (job) => formatDateTime(job.created_at)],
    ["kind", "Analyse", (job) => html`<a href=${"#/analyses/" + job.id}>${kindLabel(job.kind)}</a>`],
    ["parameters", "Données", (job) => describeParameters(job.parameters, campaigns)],
    ["status", "État", (job) => html`<${StatusBadge} status=${job.status} />`],
  ];
  return html`
    <section class="analysis-list" aria-labelledby="my-analyses">
      <h2 id="my-analyses">Mes analyses</h2>
      <${Loaded} state=${state} what="vos analyses">
        ${() => html`<${DataTable} caption="Mes analyses, les plus récentes d'abord" columns=${columns} rows=${jobs}
          empty="Vous n'avez encore lancé aucune analyse." />`}
      </${Loaded}>
    </section>
  `;
}

/** One analysis: its state, polled while the server computes it, then its result. */
function AnalysisPage({ id, config, user }) {
  const [job, setJob] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    let timer;
    let polls = 0;
    async function poll() {
      try {
        const current = await getJson(`/analyses/${encodeURIComponent(id)}`);
        if (!live) return;
        setJob(current);
        setError(null);
        if (ACTIVE.includes(current.status)) timer = setTimeout(poll, Math.min(800 * 1.25 ** polls++, 5000));
      } catch (err) {
        if (!live) return;
        setError(err);
        if (err.retryable) timer = setTimeout(poll, 5000);
      }
    }
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);

  const campaignId = job?.parameters?.campaign;
  const campaign = useLoad(
    () => (campaignId ? getJson(`/campaigns/${encodeURIComponent(campaignId)}`).catch(() => null) : null),
    [campaignId],
  );
  const title = job ? kindLabel(job.kind) : "Analyse";
  return html`
    <p class="back no-print"><a href="#/analyses">← Toutes mes analyses</a></p>
    <${ScreenTitle} title=${"Analyse : " + title}>Analyse : ${title}</${ScreenTitle}>
    ${error && html`<${Status} kind="error">Impossible de lire cette analyse : ${error.message}</${Status}>`}
    ${!job && !error && html`<p class="hint" role="status">Chargement de l'analyse…</p>`}
    ${
      job &&
      html`
      <p class="analysis-meta">
        <${StatusBadge} status=${job.status} /> Lancée le ${formatDateTime(job.created_at)}
        ${job.finished_at && ` · terminée le ${formatDateTime(job.finished_at)}`} · ${describeParameters(job.parameters, campaign.data ? [campaign.data] : [], job.result)}
      </p>
      <div aria-live="polite">
        ${
          job.status === "queued" &&
          html`<p class="status analysis-progress"><span class="spinner" aria-hidden="true"></span>
          En attente : l'analyse va commencer. Cette page se met à jour toute seule.</p>`
        }
        ${
          job.status === "running" &&
          html`<p class="status analysis-progress"><span class="spinner" aria-hidden="true"></span>
          Calcul en cours… Cette page se met à jour toute seule dès que le résultat est prêt.</p>`
        }
        ${
          job.status === "failed" &&
          html`<div class="status error analysis-error">
          <p><strong>L'analyse a échoué.</strong> ${job.error || "Aucune raison n'a été donnée."}</p>
          <p><a href=${"#/analyses?depuis=" + job.id}>Modifier les réglages et relancer</a></p></div>`
        }
        ${job.status === "finished" && html`<p class="status ok">Analyse terminée.</p>`}
      </div>
      ${
        job.status === "finished" &&
        html`
        <${AnalysisResult} job=${job} config=${config} user=${user} />
        <${DataUsed} job=${job} />
        <p class="no-print"><a class="button secondary" href=${"#/analyses?depuis=" + job.id}>Relancer avec d'autres réglages</a></p>`
      }
    `
    }
  `;
}

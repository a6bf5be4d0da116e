// The survey forms: those published, the built-in templates to publish in one click, and an
// XLSForm to import, with the importer's own French errors and warnings, sheet, row and column.
import { useRef, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { accessToken } from "../../shared/session.js";
import { Status } from "../../shared/ui.js";
import { DataTable, getJson, Loaded, request, useLoad } from "../common.js";
import { formatDay } from "../../shared/format.js";

const API = "/api/v1";

/**
 * POST /surveys with the file, keeping what the API's shared error type drops: the importer's
 * ``issues`` (each with its sheet, row and column). Resolves {survey, created}.
 */
async function uploadXlsForm(file) {
  const send = async (force) => {
    const body = new FormData();
    body.append("file", file, file.name);
    const token = await accessToken(force ? { force: true } : undefined);
    return fetch(API + "/surveys", {
      method: "POST",
      body,
      headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
    });
  };
  let response;
  try {
    response = await send(false);
    if (response.status === 401) response = await send(true);
  } catch {
    throw Object.assign(new Error("Pas de connexion au serveur : réessayez quand le réseau sera revenu."), {
      issues: [],
    });
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const fallback = response.status === 413 ? "Fichier trop lourd." : "Le serveur a refusé ce fichier.";
    const problem = new Error(payload?.message || fallback);
    problem.issues = payload?.errors?.issues || [];
    problem.fields = Object.values(payload?.errors?.files || {}).flat();
    throw problem;
  }
  return { survey: payload, created: response.status === 201 };
}

/** The importer's issues, errors first; the message already says where when it can. */
function Issues({ issues, title }) {
  if (!issues.length) return null;
  return html`
    <h3>${title}</h3>
    <ul class="issues">${issues.map((i) => html`<li class=${i.severity}>${i.message}</li>`)}</ul>`;
}

/** What happened to the last form published: a link to its preview and to a campaign. */
function Published({ result, organiser }) {
  const { survey, created } = result;
  return html`
    <div class="published" role="status">
      <p class="status ok">${
        created
          ? `Formulaire « ${survey.title} » publié (version ${survey.version}).`
          : `Ce formulaire était déjà publié, sans changement : « ${survey.title} », version ${survey.version}.`
      }</p>
      <${Issues} issues=${survey.warnings || []} title="Avertissements de l'import (le formulaire fonctionne, mais à vérifier)" />
      <p class="actions">
        <a class="button secondary small" href=${"#/enquetes/apercu/" + survey.id}>Voir l'aperçu</a>
        ${organiser && html`<a class="button primary small" href=${"#/enquetes/nouvelle?survey=" + survey.id}>Ouvrir une campagne avec ce formulaire</a>`}
      </p>
    </div>`;
}

function Upload({ onPublished }) {
  const input = useRef(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const summary = useRef(null);
  async function submit(event) {
    event.preventDefault();
    const file = input.current.files[0];
    if (!file) {
      setProblem({ message: "Choisissez d'abord un fichier XLSForm (.xlsx, .xls, .csv ou .md).", issues: [] });
      input.current.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      onPublished(await uploadXlsForm(file));
      input.current.value = "";
    } catch (error) {
      setProblem({ message: error.message, issues: error.issues || [], fields: error.fields || [] });
      setTimeout(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }
  const errors = problem ? problem.issues.filter((i) => i.severity === "error") : [];
  const warnings = problem ? problem.issues.filter((i) => i.severity !== "error") : [];
  const others = problem
    ? (problem.fields || []).filter((m) => m !== problem.message && !errors.some((i) => i.message === m))
    : [];
  return html`
    <form class="card upload" onSubmit=${submit} noValidate>
      <h3>Importer un XLSForm</h3>
      <p class="hint">Un formulaire écrit dans un tableur au format XLSForm (celui de KoboToolbox et d'ODK) :
        feuilles « survey », « choices » et « settings ». Une nouvelle version est créée si le formulaire a changé.</p>
      ${
        problem &&
        html`
        <div class="error-summary" role="alert" tabindex="-1" ref=${summary}>
          <h2>Le formulaire n'a pas été importé</h2>
          ${errors.length === 0 && html`<p>${problem.message}</p>`}
          ${others.length > 0 && html`<ul>${others.map((m) => html`<li>${m}</li>`)}</ul>`}
          <${Issues} issues=${errors} title=${`Erreur${errors.length > 1 ? "s" : ""} à corriger dans le fichier`} />
          <${Issues} issues=${warnings} title="Avertissements" />
        </div>`
      }
      <div class="field">
        <label for="xlsform-file">Fichier XLSForm</label>
        <p class="hint" id="xlsform-file-hint">.xlsx, .xls, .csv ou .md</p>
        <input id="xlsform-file" type="file" ref=${input} aria-describedby="xlsform-file-hint"
          accept=".xlsx,.xls,.csv,.md,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv,text/markdown" />
      </div>
      <button type="submit" class="button primary" disabled=${busy}>${busy ? "Import en cours…" : "Importer le formulaire"}</button>
    </form>`;
}

function Templates({ onPublished }) {
  const state = useLoad(() => getJson("/surveys/templates"), []);
  const [busy, setBusy] = useState(null);
  const [problem, setProblem] = useState(null);
  async function publish(template) {
    setBusy(template.name);
    setProblem(null);
    try {
      const response = await request(`/surveys/templates/${encodeURIComponent(template.name)}`, { method: "POST" });
      onPublished({ survey: await response.json(), created: response.status === 201 });
    } catch (error) {
      setProblem(error.message);
    } finally {
      setBusy(null);
    }
  }
  return html`
    <div class="card templates">
      <h3>Partir d'un modèle</h3>
      <p class="hint">Des questionnaires prêts à l'emploi, en français ; publiez-en un pour ouvrir une campagne avec.</p>
      ${problem && html`<${Status} kind="warning">${problem}</${Status}>`}
      <${Loaded} state=${state} what="les modèles">${(templates) => html`
        <ul class="template-list">${templates.map(
          (t) => html`
          <li>
            <h4>${t.title}</h4>
            <p>${t.description}</p>
            ${t.languages?.length > 1 && html`<p class="meta">Langues : ${t.languages.join(", ")}</p>`}
            <p class="actions">
              <a class="button secondary small" href=${"#/enquetes/modele/" + encodeURIComponent(t.name)}>
                Aperçu<span class="visually-hidden"> du modèle « ${t.title} »</span></a>
              <button type="button" class="button primary small" disabled=${busy !== null} onClick=${() => publish(t)}>
                ${busy === t.name ? "Publication…" : html`Publier<span class="visually-hidden"> le modèle « ${t.title} »</span>`}</button>
            </p>
          </li>`,
        )}
        </ul>`}
      </${Loaded}>
    </div>`;
}

/** The published forms, and for organisers the ways to add one. */
export function SurveysSection({ organiser }) {
  const state = useLoad(() => getJson("/surveys"), []);
  const [result, setResult] = useState(null);
  const published = (outcome) => {
    setResult(outcome);
    state.reload();
  };
  const columns = [
    ["title", "Formulaire", (s) => html`<strong>${s.title}</strong><br /><span class="meta">${s.form_id}</span>`],
    ["version", "Version"],
    ["created_at", "Publié le", (s) => formatDay(s.created_at)],
    ["warnings", "Avertissements", (s) => (s.warnings?.length ? `${s.warnings.length}` : "aucun")],
    [
      "actions",
      "Actions",
      (s) => html`<span class="row-actions">
      <a href=${"#/enquetes/apercu/" + s.id}>Aperçu<span class="visually-hidden"> de « ${s.title} »</span></a>
      ${organiser && html`<a href=${"#/enquetes/nouvelle?survey=" + s.id}>Ouvrir une campagne<span class="visually-hidden"> avec « ${s.title} »</span></a>`}
    </span>`,
    ],
  ];
  return html`
    <section aria-labelledby="surveys-title">
      <h2 id="surveys-title">Formulaires d'enquête</h2>
      <${Loaded} state=${state} what="les formulaires">${(surveys) => html`
        <${DataTable} caption="Les formulaires publiés (dernière version de chacun)" columns=${columns} rows=${surveys}
          empty="Aucun formulaire publié : partez d'un modèle ou importez un XLSForm." />`}
      </${Loaded}>
      ${
        organiser &&
        html`
        <h2 id="add-survey">Ajouter un formulaire</h2>
        ${result && html`<${Published} result=${result} organiser=${organiser} />`}
        <div class="add-survey">
          <${Templates} onPublished=${published} />
          <${Upload} onPublished=${published} />
        </div>`
      }
    </section>`;
}

// The admin's two imports from the browser: a territory file (GeoJSON, GeoPackage, zipped
// Shapefile) and an indicator file (CSV, XLSX). The server runs the CLI's importers: its report
// (created, updated, repaired…) or its French error is shown as it is.
import { useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { ErrorSummary } from "../../shared/ui.js";
import { request } from "../common.js";

export const KINDS = [
  ["qpv", "Quartier prioritaire (QPV)"],
  ["commune", "Commune"],
  ["epci", "Intercommunalité (EPCI)"],
  ["departement", "Département"],
  ["iris", "IRIS"],
  ["custom", "Zone sur mesure"],
];

/** A form posted as multipart; empty optional fields are left out (the server refuses ""). */
function useUpload(path, required, onImported) {
  const [state, setState] = useState({ busy: false, errors: null, report: null });
  async function submit(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const missing = required
      .filter(([name]) => {
        const value = form.get(name);
        return value === null || value === "" || (value instanceof File && !value.name);
      })
      .map(([, message]) => message);
    if (missing.length) {
      setState({ busy: false, errors: missing, report: null });
      return;
    }
    for (const [name, value] of [...form.entries()]) {
      if (value === "" || (value instanceof File && !value.name)) form.delete(name);
    }
    setState({ busy: true, errors: null, report: null });
    try {
      const response = await request(path, { method: "POST", form });
      setState({ busy: false, errors: null, report: await response.json() });
      onImported?.();
    } catch (error) {
      setState({ busy: false, errors: [error.message], report: null });
    }
  }
  return [state, submit];
}

function TextField({ id, name, label, hint, value, required = false }) {
  return html`
    <div class="field">
      <label for=${id}>${label}${required ? "" : " (facultatif)"}</label>
      ${hint && html`<p class="hint" id=${id + "-hint"}>${hint}</p>`}
      <input id=${id} name=${name} type="text" value=${value} aria-describedby=${hint ? id + "-hint" : undefined}
        aria-required=${required ? "true" : undefined} autocomplete="off" />
    </div>
  `;
}

function FileField({ id, name, label, hint, accept, required = false }) {
  return html`
    <div class="field">
      <label for=${id}>${label}${required ? "" : " (facultatif)"}</label>
      <p class="hint" id=${id + "-hint"}>${hint}</p>
      <input id=${id} name=${name} type="file" accept=${accept} aria-describedby=${id + "-hint"}
        aria-required=${required ? "true" : undefined} />
    </div>
  `;
}

function Report({ title, report, items }) {
  return html`
    <div class="import-report" role="status" aria-labelledby=${title.id}>
      <h4 id=${title.id}>${title.text}</h4>
      <p class="import-summary">${report.summary}</p>
      <dl class="report-counts">
        ${items.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}
      </dl>
    </div>
  `;
}

const TERRITORY_REQUIRED = [
  ["file", "Choisissez le fichier de territoires."],
  ["code_field", "Indiquez la colonne qui contient le code des territoires."],
  ["name_field", "Indiquez la colonne qui contient le nom des territoires."],
];

export function TerritoryImport({ onImported }) {
  const [state, submit] = useUpload("/territories/imports", TERRITORY_REQUIRED, onImported);
  const report = state.report;
  return html`
    <form class="card import-form" onSubmit=${submit} noValidate aria-labelledby="territory-import-title">
      <h3 id="territory-import-title">Fichier de territoires</h3>
      <${ErrorSummary} title="L'import n'a pas abouti" messages=${state.errors} />
      <${FileField} id="territory-file" name="file" label="Fichier" required accept=".geojson,.json,.gpkg,.zip"
        hint="GeoJSON, GeoPackage ou Shapefile zippé ; les polygones invalides sont réparés et signalés." />
      <div class="field">
        <label for="territory-import-kind">Type de territoire</label>
        <select id="territory-import-kind" name="kind">
          ${KINDS.map(([code, label]) => html`<option value=${code} selected=${code === "commune"}>${label}</option>`)}
        </select>
      </div>
      <${TextField} id="territory-code-field" name="code_field" label="Colonne du code" required hint="Par exemple code_qp ou code." />
      <${TextField} id="territory-name-field" name="name_field" label="Colonne du nom" required hint="Par exemple nom_qp ou nom." />
      <${TextField} id="territory-parent-field" name="parent_field" label="Colonne du territoire parent" hint="Par exemple code_commune pour des QPV." />
      <${TextField} id="territory-population-field" name="population_field" label="Colonne de la population" />
      <${TextField} id="territory-version" name="version" label="Version de la géographie" hint="Par exemple qpv2024 ou cog2024." />
      <${TextField} id="territory-source" name="source" label="Source" />
      <button type="submit" class="button primary" disabled=${state.busy}>${state.busy ? "Import en cours…" : "Importer les territoires"}</button>
      ${
        report &&
        html`
        <${Report} title=${{ id: "territory-report-title", text: "Rapport d'import des territoires" }} report=${report} items=${[
          ["Territoires lus", report.total],
          ["Créés", report.created],
          ["Mis à jour", report.updated],
          ["Polygones réparés", report.repaired.length],
          ["Zones groupées", report.grouped.length],
        ]} />`
      }
    </form>
  `;
}

const INDICATOR_REQUIRED = [
  ["file", "Choisissez le fichier d'indicateurs."],
  ["source", "Indiquez la source des indicateurs (par exemple « Insee, Filosofi 2021 »)."],
  ["territory_field", "Indiquez la colonne qui contient le code des territoires."],
];

export function IndicatorImport({ onImported }) {
  const [state, submit] = useUpload("/indicators/imports", INDICATOR_REQUIRED, onImported);
  const report = state.report;
  return html`
    <form class="card import-form" onSubmit=${submit} noValidate aria-labelledby="indicator-import-title">
      <h3 id="indicator-import-title">Fichier d'indicateurs</h3>
      <${ErrorSummary} title="L'import n'a pas abouti" messages=${state.errors} />
      <${FileField} id="indicator-file" name="file" label="Fichier" required accept=".csv,.xlsx,.txt"
        hint="CSV ou XLSX au format large : une ligne par territoire, une colonne par indicateur." />
      <${FileField} id="indicator-dictionary" name="dictionary" label="Dictionnaire des colonnes" accept=".csv"
        hint="CSV qui donne le libellé de chaque colonne (fourni par l'Insee avec ses fichiers)." />
      <${TextField} id="indicator-source" name="source" label="Source" required hint="Par exemple « Insee, données QPV »." />
      <${TextField} id="indicator-territory-field" name="territory_field" label="Colonne du code territoire" required hint="Par exemple code_qp ou CODGEO." />
      <div class="field">
        <label for="indicator-period">Année (facultatif)</label>
        <p class="hint" id="indicator-period-hint">Déduite des noms de colonnes si vous la laissez vide.</p>
        <input id="indicator-period" name="period" type="number" min="1900" max="2100" aria-describedby="indicator-period-hint" />
      </div>
      <${TextField} id="indicator-columns" name="columns" label="Colonnes à garder" hint="Séparées par des virgules ; vide : toutes." />
      <${TextField} id="indicator-geography" name="geography_version" label="Version de la géographie" hint="Par exemple cog2017." />
      <div class="field checkbox">
        <input id="indicator-all" name="all_territories" type="checkbox" value="true" />
        <label for="indicator-all">Garder aussi les territoires qui ne sont pas encore dans Veilleurs</label>
      </div>
      <button type="submit" class="button primary" disabled=${state.busy}>${state.busy ? "Import en cours…" : "Importer les indicateurs"}</button>
      ${
        report &&
        html`
        <${Report} title=${{ id: "indicator-report-title", text: "Rapport d'import des indicateurs" }} report=${report} items=${[
          ["Indicateurs", report.indicators],
          ["Valeurs", report.values],
          ["Créées", report.created],
          ["Mises à jour", report.updated],
          ["Valeurs manquantes", report.missing],
          ["Territoires gardés", report.territories_kept],
          ["Territoires ignorés", report.territories_skipped],
        ]} />
`
      }
    </form>
  `;
}

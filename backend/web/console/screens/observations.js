// Observations (for analysts and organisers): filters, the filtered observations on a map and in
// charts (by theme, type, month, territory), each chart's table exportable, the filtered list as a
// file; and the answers to a campaign, question by question.
import { useMemo, useState } from "preact/hooks";
import { formatMonth } from "../../shared/format.js";
import { html } from "../../shared/html.js";
import { POLARITIES, loadOutlines, loadThemes, polarityLabel, themeLabel } from "../../shared/data.js";
import { ScreenTitle } from "../../shared/ui.js";
import { BarChart, DownloadButton, FeatureMap, Loaded, myTerritories, query, request, useLoad } from "../common.js";
import { CampaignAnswers } from "./observations-responses.js";
import { everywhere } from "../../shared/permissions.js";

const PAGE_SIZE = 100;
const MAX_PAGES = 50; // 5 000 observations: beyond, the charts say they are partial
const POLARITY_COLOURS = { difficulte: "#b3261e", ressource: "#1b6e3a", idee: "#3b4cc0" };

/** A day typed in a date field → the instant it starts (here), for since/until. */
function dayStart(value, plusDays = 0) {
  if (!value) return "";
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** Every page of the filtered observations, as GeoJSON features. */
async function loadAll(params) {
  const features = [];
  let total = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await request("/observations" + query({ ...params, page, page_size: PAGE_SIZE }), {
      accept: "application/geo+json",
    });
    const pagination = JSON.parse(response.headers.get("X-Pagination") || "{}");
    features.push(...(await response.json()).features);
    total = pagination.total ?? features.length;
    if (!pagination.next_page) break;
  }
  return { features, total };
}

const monthKey = (iso) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
};
const monthLabel = (key) => {
  const text = formatMonth(key);
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function countBy(features, key) {
  const counts = new Map();
  for (const f of features) {
    const k = key(f.properties);
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  return counts;
}

/** Months from the first to the last, empty ones included (a gap is information too). */
function byMonth(features) {
  const counts = countBy(features, (p) => monthKey(p.observed_at));
  const keys = [...counts.keys()].sort();
  if (!keys.length) return [];
  const out = [];
  let [y, m] = keys[0].split("-").map(Number);
  const last = keys[keys.length - 1];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push({ label: monthLabel(key), value: counts.get(key) || 0 });
    if (key >= last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

function Charts({ features, themes, territories }) {
  const names = Object.fromEntries(territories.map((t) => [t.code, `${t.name} (${t.code})`]));
  const byTheme = [...countBy(features, (p) => p.theme)]
    .map(([code, value]) => ({ label: themeLabel(themes, code), value }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, "fr"));
  const polarities = countBy(features, (p) => p.polarity);
  const byPolarity = POLARITIES.map((p) => ({ label: p.short, value: polarities.get(p.code) || 0 }));
  const byTerritory = [...countBy(features, (p) => p.territory)]
    .map(([code, value]) => ({ label: code ? names[code] || code : "Hors de tout territoire", value }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, "fr"));
  return html`
    <div class="charts">
      <${BarChart} title="Observations par thème" data=${byTheme} csvName="observations-par-theme.csv" />
      <${BarChart} title="Observations par type" data=${byPolarity} csvName="observations-par-type.csv" />
      <${BarChart} title="Observations par mois" data=${byMonth(features)} csvName="observations-par-mois.csv" />
      <${BarChart} title="Observations par territoire" data=${byTerritory} csvName="observations-par-territoire.csv" />
    </div>
  `;
}

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium" });

function ObservationMap({ features, outlines, themes, config }) {
  const style = useMemo(() => (f) => ({ fillColor: POLARITY_COLOURS[f.properties.polarity] || "#555" }), []);
  const popup = (f) => {
    const p = f.properties;
    const box = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = `${themeLabel(themes, p.theme)} · ${polarityLabel(p.polarity)}`;
    const when = document.createElement("p");
    when.textContent = dateFormat.format(new Date(p.observed_at));
    const text = document.createElement("p");
    text.textContent = p.text;
    box.append(title, when, text);
    return box;
  };
  return html`
    <${FeatureMap} features=${features} outlines=${outlines} style=${style} popup=${popup} config=${config}
      label=${`Carte des observations (${features.length} point${features.length > 1 ? "s" : ""})`} />
    <ul class="map-legend" aria-label="Légende de la carte">
      ${POLARITIES.map((p) => html`<li><span class="dot" style=${`background:${POLARITY_COLOURS[p.code]}`}></span>${p.short}</li>`)}
    </ul>
  `;
}

function Filters({ filters, setFilters, themes, territories }) {
  const set = (key) => (e) => setFilters({ ...filters, [key]: e.target.value });
  return html`
    <form class="filters" aria-label="Filtres des observations" onSubmit=${(e) => e.preventDefault()}>
      <div class="field">
        <label for="obs-territory">Territoire</label>
        <select id="obs-territory" value=${filters.territory} onChange=${set("territory")}>
          <option value="">Tous mes territoires</option>
          ${territories.map((t) => html`<option value=${t.code}>${t.name} (${t.code})</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="obs-theme">Thème</label>
        <select id="obs-theme" value=${filters.theme} onChange=${set("theme")}>
          <option value="">Tous les thèmes</option>
          ${themes.map((t) => html`<option value=${t.code}>${t.label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="obs-polarity">Type</label>
        <select id="obs-polarity" value=${filters.polarity} onChange=${set("polarity")}>
          <option value="">Tous les types</option>
          ${POLARITIES.map((p) => html`<option value=${p.code}>${p.short}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="obs-since">Du</label>
        <input id="obs-since" type="date" value=${filters.since} onChange=${set("since")} />
      </div>
      <div class="field">
        <label for="obs-until">Au (inclus)</label>
        <input id="obs-until" type="date" value=${filters.until} onChange=${set("until")} />
      </div>
      <button type="button" class="button secondary small" onClick=${() => setFilters(EMPTY)}>Effacer les filtres</button>
    </form>
  `;
}

const NONE = [];
const EMPTY = { territory: "", theme: "", polarity: "", since: "", until: "" };

function Observations({ user, config, themes, territories }) {
  const [filters, setFilters] = useState(EMPTY);
  const params = {
    territory: filters.territory,
    theme: filters.theme,
    polarity: filters.polarity,
    since: dayStart(filters.since),
    until: dayStart(filters.until, 1),
  };
  const key = JSON.stringify(params);
  const state = useLoad(() => loadAll(params), [key]);
  // The outlines under the points: the chosen territory, or (but for an admin) my first QPVs.
  const outlineCodes = filters.territory
    ? [filters.territory]
    : everywhere(user)
      ? []
      : territories
          .filter((t) => t.kind === "qpv")
          .slice(0, 30)
          .map((t) => t.code);
  const outlines = useLoad(() => loadOutlines(outlineCodes), [outlineCodes.join(",")]);
  return html`
    <${Filters} filters=${filters} setFilters=${setFilters} themes=${themes} territories=${territories} />
    <${Loaded} state=${state} what="les observations">
      ${({ features, total }) => html`
        <p class="obs-count" role="status">
          <strong>${total}</strong> observation${total > 1 ? "s" : ""} ${total > 1 ? "correspondent" : "correspond"} aux filtres.
          ${features.length < total && html` Les cartes et graphiques portent sur les ${features.length} plus récentes ; l'export contient tout.`}
        </p>
        <div class="obs-downloads">
          <span>Télécharger ces observations :</span>
          ${[
            ["csv", "CSV (Excel)"],
            ["xlsx", "XLSX"],
            ["geojson", "GeoJSON"],
            ["gpkg", "GeoPackage (QGIS)"],
          ].map(
            ([format, label]) => html`
            <${DownloadButton} path=${"/exports/observations" + query({ ...params, format, excel: format === "csv" ? "true" : "" })}
              name=${`observations.${format}`}>${label}</${DownloadButton}>`,
          )}
        </div>
        <h2>Carte</h2>
        <${ObservationMap} features=${features} outlines=${outlines.data || NONE} themes=${themes} config=${config} />
        <h2>Graphiques</h2>
        ${
          features.length === 0
            ? html`<p>Aucune observation ne correspond à ces filtres.</p>`
            : html`<${Charts} features=${features} themes=${themes} territories=${territories} />`
        }
      `}
    </${Loaded}>
  `;
}

export function ObservationsScreen({ user, config }) {
  const state = useLoad(() => Promise.all([loadThemes(), myTerritories(user)]), [user.id]);
  return html`
    <${ScreenTitle}>Observations</${ScreenTitle}>
    <${Loaded} state=${state} what="les filtres">
      ${([themes, territories]) => html`
        <${Observations} user=${user} config=${config} themes=${themes} territories=${territories} />
        <${CampaignAnswers} config=${config} />
      `}
    </${Loaded}>
  `;
}

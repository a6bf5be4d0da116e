// Observations (for analysts and organisers): filters, the filtered observations on a map and in
// charts (by theme, type, month, territory), each chart's table exportable, the filtered list as a
// file; and the answers to a campaign, question by question.
import { useMemo, useState } from "preact/hooks";
import { formatMonth } from "../../shared/format.js";
import { html } from "../../shared/html.js";
import { POLARITIES, loadOutlines, loadThemes, polarityLabel, themeLabel } from "../../shared/data.js";
import { BarChart, DownloadButton, Loaded, formatNumber, getJson, myTerritories, query, useLoad } from "../common.js";
import { ViewMap } from "../view-map.js";
import { ScreenTitle, Status } from "../../shared/ui.js";
import { CampaignAnswers } from "./observations-responses.js";
import { everywhere } from "../../shared/permissions.js";

const POLARITY_COLOURS = { difficulte: "#b3261e", ressource: "#1b6e3a", idee: "#3b4cc0" };
const GROUPINGS = ["theme", "polarity", "month", "territory"];

/** A day typed in a date field → the instant it starts (here), for since/until. */
function dayStart(value, plusDays = 0) {
  if (!value) return "";
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The exact counts of the filtered observations, computed by the database. */
async function loadCounts(params, signal) {
  const search = new URLSearchParams(query(params).slice(1));
  for (const by of GROUPINGS) search.append("by", by);
  const body = await getJson(`/observations/counts?${search}`, { signal });
  const groups = Object.fromEntries(body.groupings.map((g) => [g.by.join(","), g.groups]));
  return { total: body.total, groups };
}

const monthLabel = (key) => {
  const text = formatMonth(key);
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Months from the first to the last, empty ones included (a gap is information too). */
function byMonth(groups) {
  const counts = new Map(groups.map((g) => [g.month, g.count]));
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

const byValue = (a, b) => b.value - a.value || a.label.localeCompare(b.label, "fr");

function Charts({ groups, themes, territories }) {
  const names = Object.fromEntries(territories.map((t) => [t.code, `${t.name} (${t.code})`]));
  const byTheme = groups.theme.map((g) => ({ label: themeLabel(themes, g.theme), value: g.count })).sort(byValue);
  const polarities = new Map(groups.polarity.map((g) => [g.polarity, g.count]));
  const byPolarity = POLARITIES.map((p) => ({ label: p.short, value: polarities.get(p.code) || 0 }));
  const byTerritory = groups.territory
    .map((g) => ({
      label: g.territory ? names[g.territory] || g.territory : "Hors de tout territoire",
      value: g.count,
    }))
    .sort(byValue);
  return html`
    <div class="charts">
      <${BarChart} title="Observations par thème" data=${byTheme} csvName="observations-par-theme.csv" />
      <${BarChart} title="Observations par type" data=${byPolarity} csvName="observations-par-type.csv" />
      <${BarChart} title="Observations par mois" data=${byMonth(groups.month)} csvName="observations-par-mois.csv" />
      <${BarChart} title="Observations par territoire" data=${byTerritory} csvName="observations-par-territoire.csv" limit=${25} />
    </div>
  `;
}

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium" });

function ObservationMap({ params, outlines, themes, config }) {
  const popup = (p) => {
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
    <${ViewMap} params=${params} outlines=${outlines.data || NONE} ready=${!outlines.loading} colours=${POLARITY_COLOURS}
      popup=${popup} config=${config} />
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
  const params = useMemo(
    () => ({
      territory: filters.territory,
      theme: filters.theme,
      polarity: filters.polarity,
      since: dayStart(filters.since),
      until: dayStart(filters.until, 1),
    }),
    [filters],
  );
  const key = JSON.stringify(params);
  const counts = useLoad((signal) => loadCounts(params, signal), [key], { fresh: true });
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
  const total = counts.data?.total;
  return html`
    <${Filters} filters=${filters} setFilters=${setFilters} themes=${themes} territories=${territories} />
    ${
      counts.error
        ? html`<${Status} kind="error">Impossible de calculer les chiffres : ${counts.error.message}</${Status}>`
        : counts.data === null
          ? html`<p class="obs-count loading" role="status" aria-busy="true">Calcul des chiffres pour ces filtres…</p>`
          : html`<p class="obs-count" role="status" aria-busy="false">
              <strong>${formatNumber(total)}</strong> observation${total > 1 ? "s" : ""} ${total > 1 ? "correspondent" : "correspond"} aux filtres.</p>`
    }
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
    <${ObservationMap} params=${params} outlines=${outlines} themes=${themes} config=${config} />
    <h2>Graphiques</h2>
    ${
      counts.data === null
        ? !counts.error && html`<p class="hint charts-loading" aria-busy="true">Calcul des graphiques…</p>`
        : total === 0
          ? html`<p>Aucune observation ne correspond à ces filtres.</p>`
          : html`<${Charts} groups=${counts.data.groups} themes=${themes} territories=${territories} />`
    }
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

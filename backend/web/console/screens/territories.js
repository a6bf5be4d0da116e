// Territoires: the user's territories on a map, the key indicators of the one chosen (with its
// commune and France alongside), and for admins the two file imports the CLI also does
// (territories, indicators), each with the importer's own report or its French error.
import { useMemo, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { ScreenTitle } from "../../shared/ui.js";
import { DataTable, FeatureMap, Loaded, formatNumber, getJson, myTerritories, useLoad } from "../common.js";
import { loadOutlines } from "../../shared/data.js";
import { IndicatorImport, KINDS, TerritoryImport } from "./territories-imports.js";
import { everywhere } from "../../shared/permissions.js";

export const kindLabel = (kind) => (KINDS.find(([code]) => code === kind) || [kind, kind])[1];

/** Indicators shown first, as cards, when the territory has them (QPV files, Filosofi). */
const KEY_INDICATORS = ["pop_mun", "tp60", "disp_q2", "med", "tx_tot_empl", "part_chomprinc", "ind_jeune", "tx_tot_et"];
const MAP_LIMIT = 60;

/** Units that read as words after a number ("nombre", "indice") are left out. */
const SHOWN_UNITS = (unit) => unit && !["nombre", "indice", "ratio"].includes(unit);
const formatValue = (value, unit) =>
  value === null || value === undefined ? "—" : `${formatNumber(value)}${SHOWN_UNITS(unit) ? " " + unit : ""}`;

/** The territory's values joined to its comparison (commune and France, when the API has them). */
async function loadIndicators(code) {
  const [values, comparison] = await Promise.all([
    getJson(`/indicators?territory=${encodeURIComponent(code)}`),
    getJson(`/indicators/compare?territory=${encodeURIComponent(code)}`).catch(() => []),
  ]);
  const references = {};
  for (const row of comparison) {
    if (row.reference_value === null || row.reference_value === undefined) continue;
    references[row.indicator] ??= {};
    references[row.indicator][row.reference_level] = row;
  }
  const latest = {};
  for (const v of values) {
    const seen = latest[v.indicator];
    if (!seen || v.period > seen.period) latest[v.indicator] = v;
  }
  return Object.values(latest)
    .map((v) => ({ ...v, references: references[v.indicator] || {} }))
    .sort((a, b) => a.label.localeCompare(b.label, "fr"));
}

const reference = (level) => (row) => {
  const ref = row.references[level];
  if (!ref) return "—";
  const name = level === "france" ? "" : ` (${ref.reference_name})`;
  return html`${formatValue(ref.reference_value, row.unit)}<span class="hint">${name}${ref.reference_period !== row.period ? ` · ${ref.reference_period}` : ""}</span>`;
};

function Indicators({ territory }) {
  const state = useLoad(() => loadIndicators(territory.code), [territory.code]);
  return html`
    <section class="territory-indicators" aria-labelledby="indicators-title">
      <h2 id="indicators-title">Indicateurs : ${territory.name} (${territory.code})</h2>
      <${Loaded} state=${state} what="les indicateurs">
        ${(rows) => {
          if (!rows.length) {
            return html`<p class="hint">Aucun indicateur importé pour ce territoire.
              ${""}Un administrateur peut importer un fichier d'indicateurs (Insee, CAF, BPE).</p>`;
          }
          const keys = KEY_INDICATORS.map((k) => rows.find((r) => r.indicator === k && r.value !== null)).filter(
            Boolean,
          );
          const cards = keys.length ? keys : rows.filter((r) => r.value !== null).slice(0, 4);
          return html`
            <ul class="indicator-cards">
              ${cards.map(
                (r) => html`
                <li class="card">
                  <span class="indicator-label">${r.label}</span>
                  <strong class="indicator-value">${formatValue(r.value, r.unit)}</strong>
                  <span class="hint">${r.period} · ${r.source}</span>
                  ${r.references.france && html`<span class="hint">France : ${formatValue(r.references.france.reference_value, r.unit)}</span>`}
                </li>`,
              )}
            </ul>
            <${DataTable}
              caption=${`Tous les indicateurs de ${territory.name}`}
              csvName=${`indicateurs-${territory.code}.csv`}
              columns=${[
                ["label", "Indicateur"],
                ["value", "Valeur", (r) => (typeof r.value === "number" ? formatNumber(r.value) : r.value)],
                ["unit", "Unité"],
                ["period", "Année"],
                ["source", "Source"],
                ["commune", "Commune", reference("commune")],
                ["france", "France", reference("france")],
              ]}
              rows=${rows.map((r) => ({
                ...r,
                commune: r.references.commune?.reference_value ?? "",
                france: r.references.france?.reference_value ?? "",
                value: r.value === null ? (r.flag ? `manquant (${r.flag})` : "manquant") : r.value,
              }))}
            />`;
        }}
      </${Loaded}>
    </section>
  `;
}

function TerritoryMap({ territories, selected, onSelect, config }) {
  const shown = territories.slice(0, MAP_LIMIT);
  const codes = shown.map((t) => t.code).join(",");
  const outlines = useLoad(() => loadOutlines(shown.map((t) => t.code)), [codes]);
  const features = outlines.data || [];
  const style = useMemo(
    () => (f) => (f.id === selected ? { color: "#b3261e", weight: 3, fillOpacity: 0.2 } : { fillOpacity: 0.12 }),
    [selected],
  );
  return html`
    ${
      territories.length > MAP_LIMIT &&
      html`<p class="hint">La carte montre les ${MAP_LIMIT} premiers territoires de la liste.</p>`
    }
    <${FeatureMap}
      key=${selected}
      features=${features}
      style=${style}
      popup=${(f) => Object.assign(document.createElement("span"), { textContent: `${f.properties.name} (${f.id})` })}
      onSelect=${(f) => onSelect(f.id)}
      config=${config}
      label=${`Carte de ${shown.length} territoire${shown.length > 1 ? "s" : ""}`}
    />
  `;
}

function TerritoryList({ user, config }) {
  const [kind, setKind] = useState(everywhere(user) ? "qpv" : "");
  const [chosen, setChosen] = useState("");
  const state = useLoad(() => myTerritories(user, kind || undefined), [kind]);
  return html`
    <div class="filters">
      <div class="field">
        <label for="territory-kind">Type de territoire</label>
        <select id="territory-kind" value=${kind} onChange=${(e) => {
          setKind(e.target.value);
          setChosen("");
        }}>
          <option value="">Tous les types</option>
          ${KINDS.map(([code, label]) => html`<option value=${code}>${label}</option>`)}
        </select>
      </div>
    </div>
    <${Loaded} state=${state} what="vos territoires">
      ${(territories) => {
        if (!territories.length) return html`<p>Aucun territoire ${kind ? "de ce type " : ""}pour le moment.</p>`;
        const selected = territories.find((t) => t.code === chosen) || territories[0];
        return html`
          <${TerritoryMap} territories=${territories} selected=${selected.code} onSelect=${setChosen} config=${config} />
          <div class="territory-list">
          <${DataTable}
            caption=${everywhere(user) ? "Les territoires" : "Mes territoires"}
            columns=${[
              [
                "name",
                "Nom",
                (t) => html`
                <button type="button" class="link-button" aria-pressed=${t.code === selected.code ? "true" : "false"}
                  onClick=${() => setChosen(t.code)}>${t.name}</button>`,
              ],
              ["code", "Code"],
              ["kind", "Type", (t) => kindLabel(t.kind)],
              ["population", "Population", (t) => formatNumber(t.population)],
              ["area_km2", "Surface (km²)", (t) => formatNumber(t.area_km2)],
            ]}
            rows=${territories}
          />
          </div>
          <${Indicators} territory=${selected} />
        `;
      }}
    </${Loaded}>
  `;
}

export function TerritoriesScreen({ user, config }) {
  const [version, setVersion] = useState(0);
  return html`
    <${ScreenTitle}>Territoires</${ScreenTitle}>
    <p class="hint">Vos territoires sur la carte ; choisissez-en un dans le tableau pour lire ses indicateurs.</p>
    <${TerritoryList} key=${version} user=${user} config=${config} />
    ${
      everywhere(user) &&
      html`
      <section class="imports" aria-labelledby="imports-title">
        <h2 id="imports-title">Importer des fichiers</h2>
        <p class="hint">Les mêmes importeurs que la ligne de commande : mêmes règles, même rapport.</p>
        <div class="imports-grid">
          <${TerritoryImport} onImported=${() => setVersion((v) => v + 1)} />
          <${IndicatorImport} onImported=${() => setVersion((v) => v + 1)} />
        </div>
      </section>`
    }
  `;
}

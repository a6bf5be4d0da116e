// What every console screen needs: data loaded from the API (with its loading and error states),
// tables, bar charts whose table can be read and exported, files downloaded with the session's
// token, the territories the user may work on, and a map of GeoJSON features.
import L from "leaflet";
import { useEffect, useRef, useState } from "preact/hooks";
import { getJson, request } from "../shared/api.js";
import { html } from "../shared/html.js";
import { download, saveBlob } from "../shared/files.js";
import { Status } from "../shared/ui.js";
import { toCsv } from "../shared/csv.js";
import { formatNumber } from "../shared/format.js";
import { everywhere } from "../shared/permissions.js";

// Kept for the screens that take it from here; the formats live in shared/format.js.
export { formatNumber };

/**
 * ``load(signal)`` run when ``deps`` change: {data, error, loading, reload}. The request of a
 * previous run is cancelled (``signal`` aborts) and its answer never shown. With ``fresh``, the
 * data of other ``deps`` is dropped at once (never an old figure under new filters); without,
 * it stays shown while loading.
 */
export function useLoad(load, deps, { fresh = false } = {}) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const previous = useRef(/** @type {unknown[] | null} */ (null));
  useEffect(() => {
    const controller = new AbortController();
    const same = previous.current?.length === deps.length && deps.every((d, i) => Object.is(d, previous.current?.[i]));
    previous.current = deps;
    setState((s) => ({ data: fresh && !same ? null : s.data, error: null, loading: true }));
    Promise.resolve()
      .then(() => load(controller.signal))
      .then(
        (data) => controller.signal.aborted || setState({ data, error: null, loading: false }),
        (error) => controller.signal.aborted || setState({ data: null, error, loading: false }),
      );
    return () => controller.abort();
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** The loading and error states of a ``useLoad()`` result; ``children`` once the data is there. */
export function Loaded({ state, what = "les données", children }) {
  if (state.error)
    return html`<${Status} kind="error">Impossible de charger ${what} : ${state.error.message}</${Status}>`;
  if (state.loading && state.data === null) return html`<p class="hint" role="status">Chargement de ${what}…</p>`;
  return children(state.data);
}

/** Query string from an object, leaving out empty values: {a: 1, b: ""} → "?a=1". */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, value);
  }
  const text = search.toString();
  return text ? "?" + text : "";
}

/** The territories this user works on (all of a kind for an admin): [{code, name, kind, …}]. */
export async function myTerritories(user, kind) {
  const mine = everywhere(user) ? "" : "true";
  const body = await getJson("/territories" + query({ mine, kind, page_size: 500 }));
  return Array.isArray(body) ? body : body.items || body.territories || [];
}

/** A territory choice; ``all`` adds "Tous mes territoires" (value ""). */
export function TerritorySelect({ id = "territory", label = "Territoire", territories, value, onChange, all = false }) {
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} value=${value} onChange=${(e) => onChange(e.target.value)}>
        ${all && html`<option value="">Tous mes territoires</option>`}
        ${territories.map((t) => html`<option value=${t.code}>${t.name} (${t.code})</option>`)}
      </select>
    </div>
  `;
}

/** A button that downloads an API file, saying so while it works and when it fails. */
export function DownloadButton({ path, name, accept, children, className = "button secondary small" }) {
  const [state, setState] = useState(null);
  async function click() {
    setState("busy");
    try {
      await download(path, name, accept);
      setState(null);
    } catch (error) {
      setState(error.message);
    }
  }
  return html`
    <span class="download">
      <button type="button" class=${className} disabled=${state === "busy"} onClick=${click}>
        ${state === "busy" ? "Téléchargement…" : children}</button>
      ${state && state !== "busy" && html`<span class="field-error" role="alert">${state}</span>`}
    </span>
  `;
}

export function exportCsv(name, columns, rows) {
  saveBlob(new Blob([toCsv(columns, rows)], { type: "text/csv;charset=utf-8" }), name);
}

/** A table: ``columns`` are [key, label, render?]; the caption says what it holds. */
export function DataTable({ caption, columns, rows, empty = "Aucune ligne.", csvName }) {
  return html`
    <div class="table-wrap" tabindex="0" role="region" aria-label=${caption}>
      <table>
        <caption>${caption}</caption>
        <thead><tr>${columns.map(([, label]) => html`<th scope="col">${label}</th>`)}</tr></thead>
        <tbody>
          ${rows.length === 0 && html`<tr><td colspan=${columns.length}>${empty}</td></tr>`}
          ${rows.map((row) => html`<tr>${columns.map(([key, , render]) => html`<td>${render ? render(row) : row[key]}</td>`)}</tr>`)}
        </tbody>
      </table>
      ${
        csvName &&
        rows.length > 0 &&
        html`
        <button type="button" class="button secondary small" onClick=${() => exportCsv(csvName, columns, rows)}>
          Exporter le tableau (CSV)</button>`
      }
    </div>
  `;
}

/**
 * Horizontal bars for [{label, value}], with the table behind the chart and its CSV export; with
 * ``limit``, the first ``limit`` bars only (the table and the file hold every row).
 */
export function BarChart({ title, data, unit = "", csvName, limit = Number.POSITIVE_INFINITY }) {
  const [asTable, setAsTable] = useState(false);
  const bars = data.length > limit ? data.slice(0, limit) : data;
  const max = Math.max(1, ...data.map((d) => d.value));
  const columns = [
    ["label", "Catégorie"],
    ["value", unit ? `Valeur (${unit})` : "Nombre"],
  ];
  return html`
    <figure class="chart">
      <figcaption>${title}</figcaption>
      ${
        asTable
          ? html`<${DataTable} caption=${title} columns=${columns} rows=${data} />`
          : html`
          <ul class="bars" aria-label=${title}>
            ${bars.map(
              (d) => html`
              <li>
                <span class="bar-label">${d.label}</span>
                <span class="bar-track" aria-hidden="true"><span class="bar" style=${`width:${(100 * d.value) / max}%`}></span></span>
                <span class="bar-value">${formatNumber(d.value)}${unit && " " + unit}</span>
              </li>`,
            )}
          </ul>
          ${bars.length < data.length && html`<p class="hint">… et ${formatNumber(data.length - bars.length)} autres : voir le tableau.</p>`}`
      }
      <div class="chart-tools">
        <button type="button" class="button secondary small" aria-pressed=${asTable ? "true" : "false"}
          onClick=${() => setAsTable(!asTable)}>${asTable ? "Voir le graphique" : "Voir le tableau"}</button>
        <button type="button" class="button secondary small" disabled=${!data.length}
          onClick=${() => exportCsv(csvName || "tableau.csv", columns, data)}>Exporter (CSV)</button>
      </div>
    </figure>
  `;
}

const STYLE = { color: "#0b5d5b", weight: 2, fillOpacity: 0.08 };
const KEYBOARD_FEATURES = 100;
const POINT = { radius: 7, weight: 2, color: "#fff", fillOpacity: 0.9, fillColor: "#b3261e" };

function asElement(content) {
  if (content instanceof Node) return content;
  const element = document.createElement("div");
  element.textContent = String(content ?? "");
  return element;
}

/**
 * A map of GeoJSON: ``outlines`` (territories, drawn under) and ``features`` (points or areas);
 * ``style(feature)`` and ``popup(feature)`` (text, or a DOM node) for each feature, ``onSelect(feature)`` on a click.
 */
export function FeatureMap({ outlines = [], features = [], style, popup, onSelect, config, label = "Carte" }) {
  const element = useRef(null);
  const map = useRef(null);
  const layer = useRef(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  const tiles = useRef(null);
  useEffect(() => {
    const m = L.map(element.current, { center: [46.6, 2.4], zoom: 5 });
    m.attributionControl.setPrefix(false);
    map.current = m;
    return () => {
      m.stop();
      m.remove();
    };
  }, []);

  // The tiles' URL arrives with the server's settings, after the first drawing: only the layer changes.
  useEffect(() => {
    tiles.current?.remove();
    tiles.current = config?.tiles_url
      ? L.tileLayer(config.tiles_url, { maxZoom: 19, attribution: config.tiles_attribution }).addTo(map.current)
      : null;
  }, [config?.tiles_url]);

  useEffect(() => {
    const m = map.current;
    layer.current?.remove();
    const group = L.featureGroup();
    // A few features are each a stop of the Tab key (Enter opens them); beyond that, the table
    // that every map comes with is the keyboard's way.
    const focusable = features.length <= KEYBOARD_FEATURES;
    // Beyond that, the points are drawn on one canvas: panning stays smooth with thousands.
    const renderer = focusable ? undefined : L.canvas({ padding: 0.2 });
    const reachableByKeyboard = (l, f) => {
      const element = l.getElement?.();
      if (!element) return;
      element.setAttribute("tabindex", "0");
      element.setAttribute("role", "button");
      element.setAttribute(
        "aria-label",
        popup ? asElement(popup(f)).textContent : f.properties?.name || "Élément de la carte",
      );
      element.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        if (popup) l.openPopup();
        select.current?.(f);
      });
    };
    L.geoJSON({ type: "FeatureCollection", features: outlines }, { style: STYLE, interactive: false }).addTo(group);
    L.geoJSON(
      { type: "FeatureCollection", features },
      {
        style: (f) => ({ ...(f.geometry?.type === "Point" ? POINT : STYLE), ...(style ? style(f) : {}) }),
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { ...POINT, renderer, ...(style ? style(f) : {}) }),
        onEachFeature: (f, l) => {
          // A string is shown as text, never read as HTML (it may hold a resident's words).
          if (popup) l.bindPopup(() => asElement(popup(f)));
          l.on("click", () => select.current?.(f));
          if (focusable) l.on("add", () => reachableByKeyboard(l, f));
        },
      },
    ).addTo(group);
    group.addTo(m);
    layer.current = group;
    const bounds = group.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16], maxZoom: 17, animate: false });
  }, [outlines, features]);

  return html`<div ref=${element} class="console-map" role="region" aria-label=${label}></div>`;
}

/** Previous / next page of a paginated list; ``label`` names what is paged for screen readers. */
export function Pager({ page, totalPages, setPage, label }) {
  if (totalPages <= 1) return null;
  return html`
    <nav class="pager" aria-label=${label}>
      <button type="button" class="button secondary small" disabled=${page <= 1} onClick=${() => setPage(page - 1)}>
        Page précédente</button>
      <span>Page ${page} sur ${totalPages}</span>
      <button type="button" class="button secondary small" disabled=${page >= totalPages} onClick=${() => setPage(page + 1)}>
        Page suivante</button>
    </nav>
  `;
}

export { download, getJson, request, saveBlob };
export { sendJson } from "../shared/api.js";

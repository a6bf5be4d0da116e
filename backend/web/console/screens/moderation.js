// Modération: the queue of observations no animateur has read yet (or all, hidden, visible ones),
// filtered by theme, type, period and territory, a page at a time; each one as a card with its
// photos and its place on the page's map. Hiding keeps the original: the resident sees that it is
// hidden, and why. The API decides who sees what (an animateur: their territories only).
import { useEffect, useMemo, useState } from "preact/hooks";
import {
  FeatureMap,
  Loaded,
  getJson,
  myTerritories,
  Pager,
  query,
  request,
  sendJson,
  TerritorySelect,
  useLoad,
} from "../common.js";
import { loadOutlines, POLARITIES, THEMES } from "../../shared/data.js";
import { html } from "../../shared/html.js";
import { ScreenTitle, Status } from "../../shared/ui.js";
import { BulkBar, useQueueKeys } from "./moderation-bulk.js";
import { ModerationCard } from "./moderation-card.js";

const PAGE_SIZE = 10;
const NONE = [];

export const STATUSES = [
  ["a-relire", "À relire (pas encore vues)", { reviewed: "false" }],
  ["toutes", "Toutes", {}],
  ["masquees", "Masquées", { status: "hidden" }],
  ["visibles", "Visibles", { status: "visible" }],
];

const EMPTY_FILTERS = { status: "a-relire", q: "", theme: "", polarity: "", since: "", until: "", territory: "" };

/** "2025-03-04" (a local day) → the ISO instant of its midnight, here. */
const startOfDay = (day, plus = 0) => {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + plus);
  return date.toISOString();
};

function periodError({ since, until }) {
  return since && until && since > until ? "La date de fin doit être postérieure ou égale à la date de début." : null;
}

async function loadQueue(filters, page) {
  const statusParams = (STATUSES.find(([code]) => code === filters.status) || STATUSES[0])[2];
  const params = {
    ...statusParams,
    q: filters.q.trim(),
    theme: filters.theme,
    polarity: filters.polarity,
    territory: filters.territory,
    since: filters.since && startOfDay(filters.since),
    until: filters.until && startOfDay(filters.until, 1), // the whole last day
    page,
    page_size: PAGE_SIZE,
  };
  const response = await request("/observations" + query(params));
  const pagination = JSON.parse(response.headers.get("X-Pagination") || "{}");
  const filtered = Object.entries(filters).some(([key, value]) => key !== "status" && value);
  return {
    status: filters.status,
    filtered,
    items: await response.json(),
    total: pagination.total || 0,
    totalPages: pagination.total_pages || 1,
  };
}

async function loadReference(user) {
  const [themes, territories] = await Promise.all([getJson("/themes").catch(() => THEMES), myTerritories(user)]);
  return { themes, territories };
}

function Filters({ filters, setFilter, themes, territories, onReset }) {
  const error = periodError(filters);
  const [words, setWords] = useState(filters.q);
  useEffect(() => setWords(filters.q), [filters.q]);
  return html`
    <form class="filters moderation-filters" role="search" aria-label="Filtrer les observations"
      onSubmit=${(e) => {
        e.preventDefault();
        setFilter("q", words);
      }}>
      <div class="field search-field">
        <label for="filter-q">Rechercher dans le texte</label>
        <span class="search-row">
          <input id="filter-q" type="search" maxlength="100" value=${words} onInput=${(e) => setWords(e.target.value)} />
          <button type="submit" class="button secondary small">Rechercher</button>
        </span>
      </div>
      <div class="field">
        <label for="filter-status">Statut</label>
        <select id="filter-status" value=${filters.status} onChange=${(e) => setFilter("status", e.target.value)}>
          ${STATUSES.map(([code, label]) => html`<option value=${code}>${label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="filter-theme">Thème</label>
        <select id="filter-theme" value=${filters.theme} onChange=${(e) => setFilter("theme", e.target.value)}>
          <option value="">Tous les thèmes</option>
          ${themes.map((t) => html`<option value=${t.code}>${t.label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="filter-polarity">Type</label>
        <select id="filter-polarity" value=${filters.polarity} onChange=${(e) => setFilter("polarity", e.target.value)}>
          <option value="">Tous les types</option>
          ${POLARITIES.map((p) => html`<option value=${p.code}>${p.short}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="filter-since">Observées du</label>
        <input id="filter-since" type="date" value=${filters.since} onChange=${(e) => setFilter("since", e.target.value)} />
      </div>
      <div class="field">
        <label for="filter-until">au (inclus)</label>
        <input id="filter-until" type="date" value=${filters.until} aria-invalid=${error ? "true" : undefined}
          aria-describedby=${error ? "filter-period-error" : undefined}
          onChange=${(e) => setFilter("until", e.target.value)} />
      </div>
      <${TerritorySelect} id="filter-territory" territories=${territories} value=${filters.territory} all=${true}
        onChange=${(value) => setFilter("territory", value)} />
      <div class="field">
        <button type="button" class="button secondary small" onClick=${onReset}>Réinitialiser les filtres</button>
      </div>
    </form>
    ${error && html`<p class="field-error" id="filter-period-error" role="alert">${error}</p>`}
  `;
}

function summary({ status, filtered, total }) {
  if (status === "a-relire") {
    if (!total && filtered) return "Aucune observation à relire ne correspond à ces filtres.";
    if (!total) return "Aucune observation à relire : un animateur a déjà vu chacune d'elles.";
    return total === 1 ? "1 observation à relire." : `${total} observations à relire.`;
  }
  if (!total) return "Aucune observation ne correspond à ces filtres.";
  return total === 1 ? "1 observation." : `${total} observations.`;
}

function toFeature(observation, selected) {
  return {
    type: "Feature",
    geometry: observation.location,
    properties: { id: observation.id, text: observation.text, hidden: observation.status === "hidden", selected },
  };
}

function markerStyle(feature) {
  const { selected, hidden } = feature.properties;
  // fillOpacity: the map's default style (meant for areas) would make points nearly transparent.
  if (selected) return { fillColor: "#b3261e", fillOpacity: 0.95, radius: 11, color: "#1b1b1b", weight: 3 };
  return { fillColor: hidden ? "#6b6f6d" : "#0b5d5b", fillOpacity: 0.9, radius: 7, color: "#fff", weight: 2 };
}

function markerPopup(feature) {
  // Text, never HTML: what residents wrote is shown as they wrote it.
  const element = document.createElement("p");
  element.textContent = feature.properties.text;
  return element;
}

function Queue({ state, paused, themes, territories, config, page, setPage, reload }) {
  const [updates, setUpdates] = useState({});
  const [selected, setSelected] = useState(null);
  const [ticked, setTicked] = useState(() => new Set());
  useEffect(() => {
    // Fresh data from the server replaces what the cards changed in place; the chosen observation
    // stays chosen while it is still listed.
    setUpdates({});
    setTicked(new Set());
    setSelected((current) => ((state.data?.items || NONE).some((o) => o.id === current) ? current : null));
  }, [state.data]);
  const items = useMemo(() => (state.data?.items || NONE).map((o) => updates[o.id] || o), [state.data, updates]);
  const codes = [...new Set(items.map((o) => o.territory).filter(Boolean))].sort();
  const outlines = useLoad(() => loadOutlines(codes), [codes.join(",")]);
  const features = useMemo(() => items.map((o) => toFeature(o, o.id === selected)), [items, selected]);
  const names = useMemo(() => Object.fromEntries(territories.map((t) => [t.code, t.name])), [territories]);
  const territoryLabel = (code) =>
    code ? (names[code] ? `${names[code]} (${code})` : code) : "hors des territoires suivis";

  const toggle = (id) =>
    setTicked((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  useQueueKeys(items, {
    onToggle: toggle,
    onReview: (o) =>
      !o.reviewed &&
      sendJson("PATCH", `/observations/${o.id}`, { reviewed: true }).then(
        (updated) => setUpdates((u) => ({ ...u, [updated.id]: updated })),
        () => {},
      ),
  });

  function select(id) {
    setSelected(id);
    const heading = document.getElementById("title-" + id);
    heading?.scrollIntoView({ block: "nearest" });
  }

  // The map stays mounted while filters change (Leaflet dislikes being removed mid-animation).
  return html`
    <${Loaded} state=${state} what="la file de modération">
      ${(data) => html`
        <p class="queue-summary" role="status">${summary(data)}${state.loading && !paused ? " Mise à jour…" : ""}</p>
        <${BulkBar} selected=${ticked} items=${items} themes=${themes}
          onSelectAll=${() => setTicked(new Set(items.map((o) => o.id)))} onClear=${() => setTicked(new Set())} onDone=${reload} />
        <div class=${"moderation-layout" + (items.length ? "" : " empty")}>
            <section class="moderation-list" aria-label="Observations de cette page">
              ${items.map(
                (o) => html`
                <${ModerationCard} key=${o.id} observation=${o} themes=${themes} territoryLabel=${territoryLabel}
                  selected=${o.id === selected} onSelect=${select} ticked=${ticked.has(o.id)} onTick=${toggle}
                  onChange=${(updated) => setUpdates((u) => ({ ...u, [updated.id]: updated }))} />`,
              )}
              <${Pager} page=${page} totalPages=${data.totalPages} setPage=${setPage} label="Pages de la file" />
            </section>
            <aside class="moderation-map" aria-label="Lieux des observations">
              <h2>Lieux de cette page</h2>
              <p class="hint">La pastille rouge cerclée est l'observation choisie avec « Voir sur la carte » ; touchez une pastille pour retrouver sa fiche.</p>
              <${FeatureMap} config=${config} outlines=${outlines.data || NONE} features=${features}
                style=${markerStyle} popup=${markerPopup} label="Carte des observations de cette page"
                onSelect=${(f) => {
                  select(f.properties.id);
                  document.getElementById("title-" + f.properties.id)?.focus({ preventScroll: true });
                }} />
            </aside>
          </div>
      `}
    <//>
  `;
}

export function ModerationScreen({ user, config }) {
  const [filters, setFilters] = useState(EMPTY_FILTERS);
  const [page, setPage] = useState(1);
  const reference = useLoad(() => loadReference(user), [user.id]);
  const valid = !periodError(filters);
  const queue = useLoad(
    () => (valid ? loadQueue(filters, page) : new Promise(() => {})),
    [JSON.stringify(filters), page],
  );

  function setFilter(key, value) {
    setFilters((old) => ({ ...old, [key]: value }));
    setPage(1);
  }

  return html`
    <div class="moderation">
      <${ScreenTitle}>Modération</${ScreenTitle}>
      <p class="hint">Les observations des veilleurs de vos territoires. Par défaut, celles qu'aucun animateur n'a encore relues.
        Masquer une observation la retire des analyses sans l'effacer : son auteur voit qu'elle est masquée, et pourquoi.</p>
      <${Loaded} state=${reference} what="les thèmes et vos territoires">
        ${({ themes, territories }) => html`
          <${Filters} filters=${filters} setFilter=${setFilter} themes=${themes} territories=${territories}
            onReset=${() => {
              setFilters(EMPTY_FILTERS);
              setPage(1);
            }} />
          <div class="queue-tools">
            <button type="button" class="button secondary small" onClick=${queue.reload}>Actualiser la file</button>
          </div>
          ${!valid && html`<${Status} kind="warning">Corrigez la période pour mettre la file à jour.</${Status}>`}
          <${Queue} state=${queue} paused=${!valid} reload=${queue.reload}
            themes=${themes} territories=${territories} config=${config} page=${page} setPage=${setPage} />
        `}
      <//>
    </div>
  `;
}

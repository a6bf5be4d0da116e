// The result of a finished analysis, read as a page: every chart has its table, every table its
// CSV export. Shapes: backend/services/analyses.py (run_*) and the analysis package.
import { html } from "../../shared/html.js";
import { THEMES, themeLabel, polarityLabel } from "../../shared/data.js";
import { BarChart, DataTable, FeatureMap, formatNumber, getJson, useLoad } from "../common.js";
import { Crossing } from "./analyses-crossing.js";

export const KINDS = [
  {
    code: "text_clusters",
    label: "Thèmes des textes",
    hint: "Les textes des observations qui se ressemblent, regroupés, avec des phrases citées.",
    help: "Il faut au moins 10 observations. Les citations sont reprises telles quelles, noms et numéros masqués.",
  },
  {
    code: "hotspots",
    label: "Points chauds",
    hint: "Les lieux où les observations se concentrent, sur une carte.",
    help: "Un lieu n'est montré que s'il réunit assez d'observations pour qu'aucune personne ne soit reconnaissable.",
  },
  {
    code: "typology",
    label: "Typologie des répondants",
    hint: "Des profils de répondants à une enquête, décrits par leurs réponses distinctives.",
    help: "Il faut assez de réponses à la campagne ; les petites classes ne sont pas décrites.",
  },
  {
    code: "crossing",
    label: "Croisements",
    hint: "Deux variables croisées (thème × territoire, deux questions…) : ce qui va ensemble plus souvent que par hasard.",
    help: "Les cases de moins de 11 observations sont masquées, et celles qui permettraient de les retrouver aussi.",
  },
  {
    code: "counts",
    label: "Comptages",
    hint: "Le nombre d'observations par thème, type, mois et territoire.",
    help: "Chaque graphique a son tableau, exportable en CSV.",
  },
];

export const STATUS_LABELS = { queued: "En attente", running: "En cours", finished: "Terminée", failed: "Échouée" };
export const kindLabel = (code) => (KINDS.find((k) => k.code === code) || { label: code }).label;

const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });
const formatPercent = (value) => (value === null || value === undefined ? "—" : percent.format(value));
const decimal = (digits) => new Intl.NumberFormat("fr-FR", { maximumFractionDigits: digits });
const formatDecimal = (value, digits = 2) =>
  value === null || value === undefined ? "—" : decimal(digits).format(value);
const quoteText = (quote) => (typeof quote === "string" ? quote : quote?.text || "");
const SHORT_ID = (id) => String(id).slice(0, 8);

export function AnalysisResult({ job, config, user }) {
  const result = job.result || {};
  const name = `analyse-${SHORT_ID(job.id)}`;
  if (job.kind === "text_clusters") return html`<${TextClusters} result=${result} name=${name} />`;
  if (job.kind === "hotspots")
    return html`<${Hotspots} job=${job} result=${result} name=${name} config=${config} user=${user} />`;
  if (job.kind === "typology") return html`<${Typology} result=${result} name=${name} />`;
  if (job.kind === "counts") return html`<${Counts} result=${result} name=${name} />`;
  if (job.kind === "crossing") return html`<${Crossing} result=${result} name=${name} />`;
  return html`<pre class="analysis-raw">${JSON.stringify(result, null, 2)}</pre>`;
}

/* Thèmes des textes */

function Shares({ shares, label, name }) {
  const entries = Object.entries(shares || {}).slice(0, 3);
  if (!entries.length) return null;
  return html`<span class="shares">${label} : ${entries.map(([code, share]) => `${name(code)} ${formatPercent(share)}`).join(", ")}</span>`;
}

function TextClusters({ result, name }) {
  const clusters = result.clusters || [];
  const total = clusters.reduce((sum, c) => sum + c.size, 0) + (result.n_noise || 0);
  const rows = clusters.map((c) => ({
    number: c.id + 1,
    label: c.label,
    size: c.size,
    share: total ? formatPercent(c.size / total) : "—",
    theme: c.theme_label || "—",
    stability: stabilityText(c),
    quotes: (c.quotes || []).map(quoteText).join(" | "),
  }));
  return html`
    <section class="analysis-result" aria-labelledby="result-title">
      <h2 id="result-title">${formatNumber(result.n_clusters)} groupes de textes</h2>
      ${result.method?.reason && html`<p class="method-reason">${capitalised(result.method.reason)}</p>`}
      ${result.n_unstable > 0 && html`<p class="hint" role="note">${result.n_unstable === 1 ? "Un groupe est instable : il ne se retrouve pas" : `${result.n_unstable} groupes sont instables : ils ne se retrouvent pas`} quand on rééchantillonne les textes ; à lire avec prudence.</p>`}
      <p>${[
        `Sur ${formatNumber(total)} observations.`,
        result.n_noise ? `${formatNumber(result.n_noise)} textes n'ont pu être rangés dans aucun groupe.` : "",
        `Comment le nombre de groupes a été choisi : ${result.criterion_description || result.criterion}.`,
        result.stability !== null && result.stability !== undefined
          ? `Stabilité du regroupement : ${formatDecimal(result.stability)} (de 0 à 1 ; au-dessus de 0,5, les mêmes groupes se retrouvent d'un échantillon à l'autre).`
          : "",
      ]
        .filter(Boolean)
        .join(" ")}</p>
      <${BarChart} title="Nombre d'observations par groupe" data=${clusters.map((c) => ({ label: `${c.id + 1}. ${c.label}`, value: c.size }))}
        csvName=${name + "-taille-des-groupes.csv"} />
      <ol class="clusters">
        ${clusters.map(
          (c) => html`
          <li class=${c.unstable ? "card cluster unstable" : "card cluster"}>
            <h3>Groupe ${c.id + 1} : ${c.label}</h3>
            <p class="meta">
              <strong>${formatNumber(c.size)} observations</strong>
              ${c.stability !== null && c.stability !== undefined && html` · <span class="stability">${stabilityText(c)}</span>`}
              ${c.theme_label && html` · thème du thésaurus : ${c.theme_label}`}
              <br />
              <${Shares} shares=${c.shares?.theme} label="Thèmes déclarés" name=${(code) => themeLabel(THEMES, code)} />
              ${c.shares?.polarity && " · "}
              <${Shares} shares=${c.shares?.polarity} label="Types" name=${polarityLabel} />
            </p>
            ${
              c.words?.length > 0 &&
              html`
              <p class="keywords"><span class="visually-hidden">Mots distinctifs : </span>
                ${c.words.map((w) => html`<span class="keyword">${w}</span>`)}</p>`
            }
            <h4>Ce qu'en disent les habitants</h4>
            <ul class="quotes">
              ${(c.quotes || []).map((q) => html`<li><blockquote>${quoteText(q)}</blockquote></li>`)}
            </ul>
          </li>`,
        )}
      </ol>
      <${DataTable} caption="Les groupes de textes, leurs mots et leurs citations" csvName=${name + "-groupes-de-textes.csv"}
        columns=${[["number", "Groupe"], ["label", "Nom du groupe"], ["size", "Observations"], ["share", "Part"], ["theme", "Thème du thésaurus"], ["stability", "Stabilité"], ["quotes", "Citations"]]}
        rows=${rows} />
    </section>
  `;
}

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const stabilityText = (c) =>
  c.stability === null || c.stability === undefined
    ? "—"
    : `stabilité ${formatDecimal(c.stability)}${c.unstable ? " (instable)" : ""}`;

/* Points chauds */

const HOTSPOT_STYLE = { color: "#8c1d17", weight: 2, fillColor: "#d0342c", fillOpacity: 0.35 };

function countsText(counts, label) {
  const entries = Object.entries(counts || {});
  if (!entries.length) return "—";
  return entries.map(([code, n]) => `${code === "autres" ? "autres (regroupés)" : label(code)} (${n})`).join(", ");
}

function groupLabel(by, group) {
  if (!group) return "—";
  return by === "theme" ? themeLabel(THEMES, group) : by === "polarity" ? polarityLabel(group) : group;
}

async function outlines(codes) {
  const features = await Promise.all(
    codes.map((code) =>
      getJson(`/territories/${encodeURIComponent(code)}`, { accept: "application/geo+json" }).catch(() => null),
    ),
  );
  return features.filter(Boolean);
}

function Hotspots({ job, result, name, config }) {
  const features = result.hotspots?.features || [];
  const parameters = result.parameters || {};
  const codes = job.parameters?.territory ? [job.parameters.territory] : job.data?.territories || [];
  const drawn = useLoad(() => outlines(codes.slice(0, 20)), [codes.join(",")]);
  const by = parameters.by;
  const rows = features.map((f) => {
    const p = f.properties;
    return {
      number: p.id + 1,
      name: p.name || "—",
      group: groupLabel(by, p.group),
      count: p.count,
      area_ha: formatDecimal(p.area_m2 / 10_000),
      themes: countsText(p.themes, (code) => themeLabel(THEMES, code)),
      polarities: countsText(p.polarities, polarityLabel),
      density: formatDecimal(p.density_ratio, 1),
      p_value: p.p_value < 0.001 ? "< 0,001" : formatDecimal(p.p_value, 3),
      lon: formatDecimal(p.centre?.[0], 6),
      lat: formatDecimal(p.centre?.[1], 6),
    };
  });
  const columns = [
    ["number", "Point chaud"],
    ["name", "Lieu"],
    ...(by ? [["group", by === "theme" ? "Thème" : "Type"]] : []),
    ["count", "Observations"],
    ["area_ha", "Surface (ha)"],
    ["themes", "Thèmes"],
    ["polarities", "Types"],
    ["density", "Densité (× la moyenne)"],
    ["p_value", "Probabilité que ce soit le hasard"],
    ["lat", "Latitude du centre"],
    ["lon", "Longitude du centre"],
  ];
  const popup = (f) =>
    `Point chaud ${f.properties.id + 1}${f.properties.name ? ` (${f.properties.name})` : ""} : ${f.properties.count} observations, ${formatDecimal(f.properties.density_ratio, 1)} fois la densité moyenne`;
  return html`
    <section class="analysis-result" aria-labelledby="result-title">
      <h2 id="result-title">${features.length === 0 ? "Aucun point chaud" : features.length === 1 ? "1 point chaud" : `${features.length} points chauds`}</h2>
      <p>${[
        `Parmi ${formatNumber(parameters.n_observations ?? job.data?.rows)} observations, avec un rayon de voisinage de ${formatNumber(parameters.radius_m)} m ;`,
        `chaque lieu montré réunit au moins ${formatNumber(parameters.min_points)} observations.`,
        result.n_suppressed
          ? `${result.n_suppressed} concentration(s) trop petite(s) pour être montrée(s) sans risque ont été écartée(s).`
          : "",
      ]
        .filter(Boolean)
        .join(" ")}</p>
      ${features.length === 0 && html`<p class="hint">Essayez un rayon plus grand, ou toutes les observations ensemble.</p>`}
      <${FeatureMap} label="Carte des points chauds" config=${config} outlines=${drawn.data || []} features=${features}
        style=${() => HOTSPOT_STYLE} popup=${popup} />
      <${DataTable} caption="Les points chauds, du plus dense au moins dense" csvName=${name + "-points-chauds.csv"}
        columns=${columns} rows=${rows} empty="Aucun lieu ne réunit assez d'observations." />
    </section>
  `;
}

/* Typologie des répondants */

const MODALITY_COLUMNS = [
  ["variable_label", "Question"],
  ["modality_label", "Réponse"],
  ["in_class", "Part dans la classe"],
  ["overall", "Part chez tous les répondants"],
  ["v_test", "v-test"],
];

const modalityRows = (tests) =>
  tests.map((t) => ({
    variable_label: t.variable_label,
    modality_label: t.modality_label,
    in_class: formatPercent(t.modality_in_class),
    overall: formatPercent(t.overall),
    v_test: formatDecimal(t.v_test, 1),
  }));

function Typology({ result, name }) {
  const classes = result.classes || [];
  const sized = classes.filter((c) => c.size !== null && c.size !== undefined);
  return html`
    <section class="analysis-result" aria-labelledby="result-title">
      <h2 id="result-title">${formatNumber(result.n_classes)} classes de répondants</h2>
      <p>${`Sur ${formatNumber(result.n_respondents)} répondants, classés selon leurs réponses à ${formatNumber(result.active?.length)} questions. `}
        Une réponse est « distinctive » quand elle est nettement plus (ou moins) fréquente dans la classe que chez
        l'ensemble des répondants (v-test).</p>
      ${
        sized.length > 0 &&
        html`
        <${BarChart} title="Nombre de répondants par classe" data=${sized.map((c) => ({ label: c.name ? `${c.class}. ${c.name}` : `Classe ${c.class}`, value: c.size }))}
          csvName=${name + "-classes.csv"} />`
      }
      ${classes.map(
        (c) => html`
        <article class="card typology-class" aria-labelledby=${"class-" + c.class}>
          <h3 id=${"class-" + c.class}>Classe ${c.class}${c.name ? ` — ${c.name}` : ""}
            ${c.size !== null && c.size !== undefined ? ` : ${formatNumber(c.size)} répondants (${formatPercent(c.share)})` : " : effectif non diffusé"}</h3>
          <p class="class-text">${c.text}</p>
          ${c.suppressed && html`<p class="hint">Cette classe compte trop peu de répondants pour être décrite.</p>`}
          ${
            c.over?.length > 0 &&
            html`
            <${DataTable} caption=${`Classe ${c.class} : réponses plus fréquentes qu'ailleurs`} columns=${MODALITY_COLUMNS}
              rows=${modalityRows(c.over)} csvName=${`${name}-classe-${c.class}-surrepresentees.csv`} />`
          }
          ${
            c.under?.length > 0 &&
            html`
            <${DataTable} caption=${`Classe ${c.class} : réponses moins fréquentes qu'ailleurs`} columns=${MODALITY_COLUMNS}
              rows=${modalityRows(c.under)} csvName=${`${name}-classe-${c.class}-sous-representees.csv`} />`
          }
          ${
            (c.over_withheld > 0 || c.under_withheld > 0) &&
            html`
            <p class="hint">${c.over_withheld + c.under_withheld} réponse(s) distinctive(s) non diffusée(s) : trop peu de répondants.</p>`
          }
        </article>`,
      )}
    </section>
  `;
}

/* Comptages */

/** {key: n} → bars, largest first (``ordered``: in the keys' order, e.g. months). */
const toBars = (counts, label = (k) => k, ordered = false) => {
  const entries = Object.entries(counts || {});
  if (!ordered) entries.sort((a, b) => b[1] - a[1]);
  return entries.map(([key, value]) => ({ label: label(key), value }));
};

function monthLabel(key) {
  const [y, m] = key.split("-").map(Number);
  return new Date(y, m - 1, 1).toLocaleDateString("fr-FR", { month: "long", year: "numeric" });
}

function Counts({ result, name }) {
  return html`
    <section class="analysis-result" aria-labelledby="result-title">
      <h2 id="result-title">${formatNumber(result.total)} observations</h2>
      ${
        result.total === 0
          ? html`<p>Aucune observation visible ne correspond à ces critères.</p>`
          : html`
          <div class="charts">
            <${BarChart} title="Observations par thème" data=${toBars(result.by_theme, (k) => themeLabel(THEMES, k))} csvName=${name + "-par-theme.csv"} />
            <${BarChart} title="Observations par type" data=${toBars(result.by_polarity, polarityLabel)} csvName=${name + "-par-type.csv"} />
            <${BarChart} title="Observations par mois" data=${toBars(result.by_month, monthLabel, true)} csvName=${name + "-par-mois.csv"} />
            <${BarChart} title="Observations par territoire" data=${toBars(result.by_territory)} csvName=${name + "-par-territoire.csv"} />
          </div>`
      }
    </section>
  `;
}

/* The data an analysis read: what to cite with its result. */

export function DataUsed({ job }) {
  const data = job.data || {};
  const read = data.read_at
    ? new Date(data.read_at).toLocaleString("fr-FR", { dateStyle: "medium", timeStyle: "short" })
    : "—";
  return html`
    <section class="card data-used" aria-labelledby="data-used-title">
      <h2 id="data-used-title">Données utilisées</h2>
      <dl>
        <dt>${job.parameters?.campaign ? "Réponses lues" : "Observations lues"}</dt><dd>${formatNumber(data.rows)}</dd>
        ${data.territories && html`<dt>Territoires</dt><dd>${data.territories.join(", ") || "—"}</dd>`}
        <dt>Lues le</dt><dd>${read}</dd>
        <dt>Empreinte des données (SHA-256)</dt><dd><code>${data.rows_sha256 || "—"}</code></dd>
        <dt>Version du logiciel</dt><dd>${job.package_version || "—"}</dd>
        <dt>Identifiant de l'analyse</dt><dd><code>${job.id}</code></dd>
      </dl>
    </section>
  `;
}

// « Croisements »: two variables crossed, read as a page. The verdict first (one sentence to read
// aloud), then the table coloured by adjusted residual, a chart of the cells that stand out, and
// the cells as a CSV. Shape: analysis/crossing/publish.py; masked cells and margins come as null.
import { html } from "../../shared/html.js";
import { DataTable, exportCsv, formatNumber } from "../common.js";

/** The variables the observations can be crossed by (analysis/crossing/observations.py). */
export const CROSSING_VARIABLES = [
  { code: "theme", label: "Thème" },
  { code: "polarity", label: "Type d’observation" },
  { code: "territory", label: "Territoire" },
  { code: "month", label: "Mois" },
  { code: "cluster", label: "Groupe de textes (regroupement automatique)" },
];

/** A survey's single-choice questions, in order: [{code, label}] (first language's labels). */
export function surveyQuestions(definition) {
  const found = [];
  const language = definition?.default_language || definition?.languages?.[0];
  const walk = (children) => {
    for (const child of children || []) {
      if (child.type === "select_one" && child.label && !child.name.startsWith("reserved_name")) {
        const label =
          typeof child.label === "string" ? child.label : child.label[language] || Object.values(child.label)[0];
        found.push({ code: child.name, label });
      }
      if (child.children) walk(child.children);
    }
  };
  walk(definition?.children);
  return found;
}

const decimal = (digits) =>
  new Intl.NumberFormat("fr-FR", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const signed = (value) => (value > 0 ? "+" : value < 0 ? "−" : "") + decimal(1).format(Math.abs(value));
const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });
const MASKED = "masqué";

/** The class of a cell by its adjusted residual: the colour, always with a sign in the text. */
function tone(cell) {
  if (cell.suppressed) return "masked";
  if (!cell.representation) return "neutral";
  return `${cell.representation}${cell.strong ? " strong" : ""}`;
}

function CellContent({ cell }) {
  if (cell.suppressed) return html`<span class="masked-count">${MASKED}</span>`;
  const mark = cell.representation === "sur" ? "▲ " : cell.representation === "sous" ? "▼ " : "";
  return html`
    <span class="count">${mark}${formatNumber(cell.count)}</span>
    ${cell.lift !== null && html`<span class="figures">×${decimal(1).format(cell.lift)} · résidu ${signed(cell.adjusted_residual)}</span>`}
    ${cell.representation && html`<span class="visually-hidden">${cell.representation === "sur" ? "sur-représenté" : "sous-représenté"}</span>`}
  `;
}

function CrossTable({ result }) {
  const rows = result.row.categories;
  const columns = result.column.categories;
  const cell = (i, j) => result.cells[i * columns.length + j];
  const total = (value) => (value === null || value === undefined ? MASKED : formatNumber(value));
  return html`
    <div class="table-wrap crossing-table" tabindex="0" role="region" aria-label=${`${result.row.label} × ${result.column.label}`}>
      <table>
        <caption>${result.row.label} (lignes) × ${result.column.label} (colonnes) : effectifs, rapport à l'attendu et résidu ajusté</caption>
        <thead><tr><th scope="col">${result.row.label}</th>
          ${columns.map((c) => html`<th scope="col">${c.label}</th>`)}<th scope="col">Total</th></tr></thead>
        <tbody>
          ${rows.map(
            (r, i) => html`<tr><th scope="row">${r.label}</th>
              ${columns.map((_, j) => html`<td class=${"cell " + tone(cell(i, j))} title=${cell(i, j).text || ""}><${CellContent} cell=${cell(i, j)} /></td>`)}
              <td class="total">${total(r.total)}</td></tr>`,
          )}
        </tbody>
        <tfoot><tr><th scope="row">Total</th>${columns.map((c) => html`<td class="total">${total(c.total)}</td>`)}
          <td class="total">${total(result.n)}</td></tr></tfoot>
      </table>
    </div>
    <ul class="crossing-legend" aria-label="Légende des couleurs">
      <li><span class="swatch sur strong"></span>▲ nettement sur-représenté (résidu ≥ 3,3)</li>
      <li><span class="swatch sur"></span>▲ sur-représenté (résidu ≥ 2)</li>
      <li><span class="swatch neutral"></span>comme attendu</li>
      <li><span class="swatch sous"></span>▼ sous-représenté (résidu ≤ −2)</li>
      <li><span class="swatch sous strong"></span>▼ nettement sous-représenté (résidu ≤ −3,3)</li>
      <li><span class="swatch masked"></span>masqué : trop peu d'observations, ou permettrait de les retrouver</li>
    </ul>
  `;
}

/** The cells that stand out, as diverging bars of their adjusted residual. */
function ResidualChart({ result, rows }) {
  const standing = rows.filter((r) => r.representation).sort((a, b) => b.residual - a.residual);
  const max = Math.max(2, ...standing.map((r) => Math.abs(r.residual)));
  const title = "Les cases qui s'écartent du hasard (résidu ajusté)";
  return html`
    <figure class="chart residual-chart">
      <figcaption>${title}</figcaption>
      ${
        standing.length === 0
          ? html`<p class="hint">Aucune case ne s'écarte nettement de ce qu'on attendrait par hasard${result.n_suppressed ? " (parmi les cases montrées)" : ""}.</p>`
          : html`<ul class="bars diverging" aria-label=${title}>
          ${standing.map(
            (r) => html`
            <li class=${r.residual > 0 ? "sur" : "sous"}>
              <span class="bar-label">${r.row_label} × ${r.column_label} : ${r.reading}</span>
              <span class="bar-track" aria-hidden="true"><span class="bar" style=${`width:${(50 * Math.abs(r.residual)) / max}%`}></span></span>
              <span class="bar-value">${signed(r.residual)}</span>
            </li>`,
          )}
        </ul>`
      }
    </figure>
  `;
}

const CSV_COLUMNS = [
  ["row_label", "Ligne"],
  ["column_label", "Colonne"],
  ["count", "Effectif"],
  ["expected", "Effectif attendu"],
  ["row_share", "Part dans la ligne"],
  ["lift", "Rapport à l'attendu"],
  ["residual_text", "Résidu ajusté"],
  ["reading", "Lecture"],
];

export function Crossing({ result, name }) {
  const rows = result.row.categories;
  const columns = result.column.categories;
  const lines = result.cells.map((cell, k) => {
    const show = (value, format) => (value === null || value === undefined ? MASKED : format(value));
    return {
      row_label: rows[Math.floor(k / columns.length)].label,
      column_label: columns[k % columns.length].label,
      count: cell.suppressed ? MASKED : cell.count,
      expected: show(cell.expected, (v) => decimal(1).format(v)),
      row_share: show(cell.row_share, (v) => percent.format(v)),
      lift: show(cell.lift, (v) => decimal(2).format(v)),
      residual: cell.adjusted_residual,
      residual_text: show(cell.adjusted_residual, (v) => decimal(2).format(v)),
      representation: cell.representation,
      reading: cell.suppressed
        ? "non diffusé"
        : cell.representation === "sur"
          ? "sur-représenté"
          : cell.representation === "sous"
            ? "sous-représenté"
            : cell.expected === null
              ? "—"
              : "comme attendu",
    };
  });
  const test = result.test;
  const masked = result.n_suppressed + result.margins_suppressed;
  return html`
    <section class="analysis-result crossing" aria-labelledby="result-title">
      <h2 id="result-title">${result.row.label} × ${result.column.label}</h2>
      ${
        test.verdict
          ? html`<p class=${"verdict" + (test.significant ? " linked" : "")}>${test.verdict}</p>`
          : html`<p class="verdict">Trop peu de données pour montrer ce croisement sans risque : moins de ${result.disclosure_threshold} en tout.</p>`
      }
      ${
        !result.cochran.ok &&
        html`<p class="status warning" role="note">Attention : ${result.cochran.below_5} case(s) sur ${result.cochran.cells} ont un effectif attendu
        inférieur à 5 (règle de Cochran : au plus 20 %, et aucune sous 1). ${test.method === "monte_carlo" ? "La probabilité a été estimée par simulation, mais le" : "Le"} tableau reste fragile : regroupez des modalités ou élargissez la période.</p>`
      }
      ${
        masked > 0 &&
        html`<p class="hint">${masked} valeur(s) masquée(s) : moins de ${result.disclosure_threshold} observations, ou elles permettraient de
        retrouver une valeur masquée par soustraction. Les chiffres qui s'en déduiraient (attendu, résidu) sont masqués aussi.</p>`
      }
      <p class="hint">Chaque case : l'effectif (observations ou répondants), le rapport à ce qu'on attendrait si les deux variables étaient sans lien
        (×1,5 : une fois et demie plus), et le résidu ajusté (au-delà de ±2, l'écart n'est probablement pas dû au hasard).</p>
      <${CrossTable} result=${result} />
      <div class="chart-tools">
        <button type="button" class="button secondary small" onClick=${() => exportCsv(name + "-croisement.csv", CSV_COLUMNS, lines)}>
          Exporter le croisement (CSV)</button>
      </div>
      <${ResidualChart} result=${result} rows=${lines} />
      ${result.warnings.length > 0 && html`<ul class="hint">${result.warnings.map((w) => html`<li>${w}</li>`)}</ul>`}
      <details class="crossing-cells"><summary>Toutes les cases, une par ligne</summary>
        <${DataTable} caption="Les cases du croisement" columns=${CSV_COLUMNS} rows=${lines} csvName=${name + "-croisement.csv"} />
      </details>
    </section>
  `;
}

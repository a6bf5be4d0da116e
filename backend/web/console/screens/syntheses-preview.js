// A synthesis read in the console: its content (the JSON the HTML, PDF and CSV are rendered
// from) laid out as sections, figures and tables the organiser can read and check before
// sharing; and, on demand, the document itself (the server's HTML page) in a sandboxed frame.
import { useState } from "preact/hooks";
import { request } from "../../shared/api.js";
import { html } from "../../shared/html.js";
import { Status } from "../../shared/ui.js";
import { formatDay, formatMonth, formatMoment, formatNumber, formatShare, periodLabel } from "../../shared/format.js";
import { DataTable } from "../common.js";

/** What the document says about its period: the one asked for, or the months the reports span. */
function contentPeriod(content) {
  const { since, until, first_month: first, last_month: last } = content.period || {};
  if (since || until) return periodLabel(since, until);
  if (first && last && first !== last) return `de ${formatMonth(first)} à ${formatMonth(last)}`;
  if (first) return formatMonth(first);
  return "aucun signalement sur la période";
}

const Suppressed = ({ cell }) =>
  cell ? html`<span class=${cell.suppressed ? "suppressed" : undefined}>${cell.display}</span>` : "—";

function KeyFigures({ content }) {
  const { observations, contributors } = content.key_figures;
  const population = content.territory.population;
  return html`
    <dl class="key-figures">
      <div class="key-figure"><dt>Signalements</dt><dd><${Suppressed} cell=${observations} /></dd></div>
      ${contributors && html`<div class="key-figure"><dt>Veilleurs ayant contribué</dt><dd><${Suppressed} cell=${contributors} /></dd></div>`}
      ${(content.polarity || []).map(
        (p) => html`
        <div class=${"key-figure polarity-" + p.key}><dt>${p.label}</dt>
          <dd>${p.share !== null && p.share !== undefined ? formatShare(p.share) : html`<${Suppressed} cell=${p} />`}</dd></div>`,
      )}
      ${population && html`<div class="key-figure muted"><dt>Habitants (INSEE)</dt><dd>${formatNumber(population)}</dd></div>`}
    </dl>
  `;
}

/** The themes table's last line: every theme, by polarity (the document's « Ensemble »). */
const themesTotal = (content) => ({
  label: "Ensemble",
  ...content.key_figures.observations,
  share: content.key_figures.observations.value ? 1 : null,
  polarity: Object.fromEntries(content.polarity.map((p) => [p.key, p])),
});

function Reports({ content }) {
  const total = content.key_figures.observations;
  if (total.value === null && total.suppressed) {
    const few = content.disclosure.contributors
      ? `Moins de ${content.disclosure.contributors} habitants différents ont signalé sur la période`
      : `Moins de ${content.disclosure.threshold} signalements sur la période`;
    return html`<p class="empty">${few} : trop peu pour en publier le détail.</p>`;
  }
  if (total.value === 0) return html`<p class="empty">Aucun signalement sur la période.</p>`;
  const polarityColumns = (content.polarity || []).map((p) => [
    p.key,
    p.label,
    (row) => html`<${Suppressed} cell=${row.polarity[p.key]} />`,
  ]);
  const trend = content.trend || { items: [] };
  const byMonth = trend.period === "month";
  return html`
    ${
      content.themes
        ? html`<${DataTable} caption="Signalements par thème et par polarité"
          columns=${[
            ["label", "Thème"],
            ["display", "Signalements", (row) => html`<${Suppressed} cell=${row} />`],
            ...polarityColumns,
            ["share", "Part", (row) => formatShare(row.share)],
          ]}
          rows=${[...content.themes.rows, themesTotal(content)]} />`
        : html`<${DataTable} caption="Signalements par polarité"
          columns=${[
            ["label", "Polarité"],
            ["display", "Signalements", (row) => html`<${Suppressed} cell=${row} />`],
            ["share", "Part", (row) => formatShare(row.share)],
          ]}
          rows=${content.polarity} />`
    }
    <${DataTable} caption=${byMonth ? "Signalements mois après mois" : "Signalements trimestre après trimestre"}
      columns=${[
        ["label", byMonth ? "Mois" : "Trimestre"],
        ["display", "Signalements", (row) => html`<${Suppressed} cell=${row} />`],
      ]}
      rows=${trend.items} empty="Aucun signalement daté." />
  `;
}

export function Places({ content }) {
  const map = content.map || {};
  if (map.cells_withheld)
    return html`<p class="empty">Moins de ${content.disclosure.threshold} signalements : aucun lieu n'est montré.</p>`;
  if (!map.hotspots?.length) {
    return html`<p class="hint">${
      map.cells?.length
        ? "Aucun foyer : les signalements ne se concentrent nulle part nettement plus qu'ailleurs."
        : "Aucun lieu à montrer."
    } La carte figure dans le document (PDF, HTML).</p>`;
  }
  return html`
    <ol class="hotspots">
      ${map.hotspots.map(
        (h) => html`
        <li><strong>Foyer ${h.number}</strong> : ${formatNumber(h.count)} signalements,
          ${formatNumber(Math.round(h.density_ratio * 10) / 10)} fois la densité moyenne du territoire${h.main_theme && !content.theme ? html` ; surtout « ${h.main_theme} »` : ""}.</li>`,
      )}
    </ol>
    <p class="hint">La carte (carrés de ${formatNumber(content.disclosure.grid_m)} m, foyers) figure dans le document (PDF, HTML).</p>
  `;
}

function Topics({ clusters }) {
  if (!clusters || clusters.status === "too_few")
    return html`<p class="empty">Trop peu de textes pour dégager des sujets.</p>`;
  if (clusters.status !== "ok") return html`<p class="empty">Les textes n'ont pas pu être regroupés.</p>`;
  return html`
    <p>${formatNumber(clusters.n_used)} textes${clusters.sampled ? " tirés au hasard" : ""}, regroupés automatiquement en ${clusters.items.length} sujet${clusters.items.length > 1 ? "s" : ""}.</p>
    ${clusters.items.map(
      (item) => html`
      <article class="topic">
        <h4>${item.number}. ${item.label}</h4>
        <p class="hint">${item.size.secondary ? "effectif masqué" : `${item.size.display} textes`}${item.share !== null && item.share !== undefined ? ` · ${formatShare(item.share)}` : ""}${item.theme_label ? ` · thème dominant : ${item.theme_label}` : ""}</p>
        ${item.quotes.map((quote) => html`<blockquote>« ${quote} »</blockquote>`)}
      </article>`,
    )}
  `;
}

function Surveys({ content }) {
  if (!content.surveys?.length) {
    return html`<p class="empty">Aucune campagne d'enquête sur ce territoire ne porte sur ${content.theme ? "ce thème" : "ses thèmes"} pour l'instant.</p>`;
  }
  return content.surveys.map(
    (s) => html`
    <article class="survey-result">
      <h4>${s.campaign}</h4>
      <p class="hint">${s.survey} · ${s.respondents.display} répondants</p>
      ${
        s.respondents.suppressed
          ? html`<p class="empty">Moins de ${content.disclosure.threshold} répondants : résultats non publiés.</p>`
          : html`<ul>${s.questions.map(
              (q) => html`
            <li><strong>${q.label}</strong> : ${q.choices.map((c) => `${c.label} ${c.suppressed ? c.display : formatShare(c.share)}`).join(" · ")}</li>`,
            )}</ul>`
      }
    </article>`,
  );
}

export function Indicators({ content }) {
  const ind = content.indicators || {};
  if (!ind.rows?.length)
    return html`<p class="empty">Aucun indicateur statistique n'a encore été importé pour ce territoire.</p>`;
  const columns = [
    [
      "label",
      "Indicateur",
      (row) => html`${row.label}${row.period ? html` <span class="hint">(${row.period})</span>` : ""}`,
    ],
    ["display", content.territory.name],
    ...ind.levels.map((level) => [
      level.level,
      level.name,
      (row) => {
        const ref = row.references?.[level.level];
        return ref
          ? html`${ref.display}${ref.difference_display ? html` <span class="hint">(${ref.difference_display})</span>` : ""}`
          : "—";
      },
    ]),
  ];
  return html`
    <${DataTable} caption="Indicateurs du territoire comparés" columns=${columns} rows=${ind.rows} />
    ${ind.sources?.length > 0 && html`<p class="hint">Sources : ${ind.sources.map((s) => s.source).join(" ; ")}.</p>`}
  `;
}

function Notes({ content }) {
  const notes = content.notes || {};
  return html`
    <details class="notes">
      <summary>Comment lire ce document</summary>
      ${(notes.how_to_read || []).map((p) => html`<p>${p}</p>`)}
    </details>
    ${notes.caveats?.length > 0 && html`<h4>Précautions de lecture</h4><ul>${notes.caveats.map((t) => html`<li>${t}</li>`)}</ul>`}
    <details class="notes">
      <summary>Méthode</summary>
      <ul>${(notes.method || []).map((t) => html`<li>${t}</li>`)}</ul>
    </details>
    <p class="hint">Secret statistique : tout nombre de personnes inférieur à ${content.disclosure.threshold} est remplacé par « moins de ${content.disclosure.threshold} »${
      content.disclosure.contributors
        ? ` ; un nombre de signalements est « masqué » quand moins de ${content.disclosure.contributors} habitants différents sont derrière lui`
        : ""
    } ;
      grille publique de ${formatNumber(content.disclosure.grid_m)} m.${content.data_fingerprint ? ` Empreinte des données : ${content.data_fingerprint.slice(0, 16)}.` : ""}</p>
  `;
}

/** The ateliers held on the territory: what each said (their frozen records). */
function Ateliers({ ateliers }) {
  return html`<ul class="synthesis-ateliers">${ateliers.map(
    (
      a,
    ) => html`<li><strong>Ce qu'en dit l'atelier du ${formatDay(a.held_on)}</strong> (${a.title}, ${a.attendance.total} participants)
      <ul>${a.steps
        .filter((s) => s.results?.shown || s.ideas?.length)
        .map(
          (s) =>
            html`<li>${s.question || s.title} : ${
              s.ideas
                ? s.ideas
                    .slice(0, 3)
                    .map((i) => `« ${i.text} » (${i.supports})`)
                    .join(", ")
                : s.results.texts
                  ? `${s.results.answers} réponses`
                  : (s.results.order || [...s.results.rows].sort((x, y) => y.count - x.count).map((r) => r.name))
                      .slice(0, 3)
                      .map((name) => s.results.rows.find((r) => r.name === name).label)
                      .join(", ")
            }</li>`,
        )}</ul></li>`,
  )}</ul>`;
}

/** The whole synthesis, section by section, as the document has them. */
export function SynthesisPreview({ content, headingId }) {
  const t = content.territory;
  return html`
    <article class="synthesis-preview" aria-labelledby=${headingId}>
      <header class="synthesis-head">
        <p class="kicker">${content.theme ? "Synthèse thématique" : "Portrait de quartier"}
          ${
            content.issue?.frozen
              ? html`<span class="stamp frozen">Synthèse figée n° ${content.issue.id.slice(0, 8)} · ${formatMoment(content.issue.issued_at)}</span>`
              : html`<span class="stamp draft">Version de travail · non figée</span>`
          }</p>
        <h2 id=${headingId}>${content.title}</h2>
        <p class="place-meta">${t.kind_label} ${t.code}${t.parent_name ? ` · ${t.parent_name}` : ""} · signalements ${contentPeriod(content)}</p>
      </header>
      <${KeyFigures} content=${content} />
      <section><h3>1. Ce que disent les signalements</h3><${Reports} content=${content} /></section>
      <section><h3>2. Où ?</h3><${Places} content=${content} /></section>
      <section><h3>3. Les sujets qui reviennent</h3><${Topics} clusters=${content.clusters} /></section>
      <section><h3>4. Ce que disent les enquêtes</h3><${Surveys} content=${content} /></section>
      ${content.ateliers?.length > 0 && html`<section><h3>Ce qu'en disent les ateliers</h3><${Ateliers} ateliers=${content.ateliers} /></section>`}
      <section><h3>5. Les chiffres du territoire</h3><${Indicators} content=${content} /></section>
      <section><h3>Précautions et méthode</h3><${Notes} content=${content} /></section>
    </article>
  `;
}

/**
 * The document as it will be printed: the server's HTML page (inline CSS and SVG, no script)
 * fetched with the session's token and shown in a frame sandboxed from the console.
 */
export function DocumentFrame({ path, title }) {
  const [state, setState] = useState({ open: false, busy: false, page: null, error: null });
  async function toggle() {
    if (state.open) return setState({ ...state, open: false });
    if (state.page) return setState({ ...state, open: true });
    setState({ ...state, busy: true, error: null });
    try {
      const page = await (await request(path, { accept: "text/html" })).text();
      setState({ open: true, busy: false, page, error: null });
    } catch (error) {
      setState({ open: false, busy: false, page: null, error: error.message });
    }
  }
  return html`
    <div class="document-frame">
      <button type="button" class="button secondary small" aria-expanded=${state.open ? "true" : "false"}
        disabled=${state.busy} onClick=${toggle}>
        ${state.busy ? "Chargement du document…" : state.open ? "Masquer la mise en page" : "Voir la mise en page du document"}</button>
      ${state.error && html`<${Status} kind="error">${state.error}</${Status}>`}
      ${state.open && html`<iframe sandbox="" srcdoc=${state.page} title=${"Document : " + title}></iframe>`}
    </div>
  `;
}

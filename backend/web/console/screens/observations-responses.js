// The answers to a campaign, question by question (GET /campaigns/{id}/summary): a chart per
// choice question (choice labels from the survey's definition), figures for numbers; the
// counts the server suppressed (too few answers) are said to be hidden, never guessed. The
// answers given with a place (the phone's position) are on a map.
import { useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { BarChart, DataTable, FeatureMap, Loaded, formatNumber, getJson, useLoad } from "../common.js";

/** A translated text of the definition in its default language (or any). */
function text(value, definition) {
  if (!value || typeof value === "string") return value || "";
  const language = definition.settings?.default_language || "default";
  return value[language] ?? value.default ?? Object.values(value)[0] ?? "";
}

/** {key: node} for every question, by name and by path (group/name). */
function questions(definition) {
  const found = {};
  const walk = (children, prefix) => {
    for (const node of children || []) {
      const path = prefix ? `${prefix}/${node.name}` : node.name;
      found[path] = node;
      found[node.name] ||= node;
      if (node.children) walk(node.children, path);
    }
  };
  walk(definition.children, "");
  return found;
}

function choiceLabel(definition, node, name) {
  const choice = (definition.choices?.[node?.choices] || []).find((c) => c.name === name);
  return choice ? text(choice.label, definition) || name : name;
}

function Question({ id, item, node, definition, threshold }) {
  const title = item.label;
  if (item.answered === null) {
    return html`<div class="card"><h3>${title}</h3><p class="hint">Moins de ${threshold} réponses : les résultats sont masqués.</p></div>`;
  }
  if (item.counts) {
    const entries = Object.entries(item.counts);
    const shown = entries
      .filter(([, v]) => v !== null)
      .map(([name, value]) => ({ label: choiceLabel(definition, node, name), value }));
    const hidden = entries.filter(([, v]) => v === null).map(([name]) => choiceLabel(definition, node, name));
    return html`
      <div>
        <${BarChart} title=${`${title} (${item.answered} réponses)`} data=${shown} csvName=${`reponses-${id}.csv`} />
        ${hidden.length > 0 && html`<p class="hint">Effectifs masqués (moins de ${threshold}) : ${hidden.join(", ")}.</p>`}
      </div>`;
  }
  if ("mean" in item) {
    const rows = [
      { k: "Réponses", v: formatNumber(item.n) },
      { k: "Moyenne", v: formatNumber(item.mean === null ? null : Math.round(item.mean * 10) / 10) },
      { k: "Médiane", v: formatNumber(item.median) },
      { k: "1er quartile", v: formatNumber(item.q1) },
      { k: "3e quartile", v: formatNumber(item.q3) },
    ];
    return html`<${DataTable} caption=${title} columns=${[["k", "Mesure"], ["v", "Valeur"]]} rows=${rows} />`;
  }
  return html`<div class="card"><h3>${title}</h3><p>${item.answered} réponse${item.answered > 1 ? "s" : ""} (texte libre).</p></div>`;
}

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" });

/** The answers that carry a place, as points (a popup says where they were filed, and when). */
function AnswersMap({ rows, config }) {
  const features = rows
    .filter((r) => r.location)
    .map((r) => ({
      type: "Feature",
      id: r.id,
      geometry: r.location,
      properties: { territory: r.territory, submitted_at: r.submitted_at },
    }));
  const popup = (f) =>
    `Réponse du ${dateFormat.format(new Date(f.properties.submitted_at))} · ${f.properties.territory || "hors territoire"}`;
  return html`
    <h3>Où les réponses ont été données</h3>
    <p class="answers-located">${
      features.length === 0
        ? "Aucune réponse n'a été donnée avec sa position."
        : features.length === 1
          ? `1 réponse sur ${formatNumber(rows.length)} a été donnée avec sa position.`
          : `${formatNumber(features.length)} réponses sur ${formatNumber(rows.length)} ont été données avec leur position.`
    }</p>
    ${
      features.length > 0 &&
      html`<${FeatureMap} features=${features} popup=${popup} config=${config}
      style=${() => ({ fillColor: "#1558b0" })} label="Carte des réponses localisées" />`
    }
  `;
}

function Summary({ id, config }) {
  const state = useLoad(
    () =>
      Promise.all([
        getJson(`/campaigns/${id}`),
        getJson(`/campaigns/${id}/summary`),
        getJson(`/campaigns/${id}/responses?format=json`),
      ]),
    [id],
  );
  return html`
    <${Loaded} state=${state} what="les réponses">
      ${([campaign, summary, rows]) => {
        const definition = campaign.definition || {};
        const nodes = questions(definition);
        const items = Object.entries(summary.questions);
        return html`
          <p role="status"><strong>${summary.responses}</strong> réponse${summary.responses > 1 ? "s" : ""} de vos territoires.
            Les effectifs de moins de ${summary.disclosure_threshold} sont masqués.</p>
          ${items.length === 0 && html`<p>Cette enquête n'a pas de question à résumer.</p>`}
          <div class="charts">
            ${items.map(
              ([key, item]) => html`
              <${Question} key=${key} id=${key.replace(/\W+/g, "-")} item=${item} node=${nodes[key]} definition=${definition}
                threshold=${summary.disclosure_threshold} />`,
            )}
          </div>
          <${AnswersMap} rows=${rows} config=${config} />
        `;
      }}
    </${Loaded}>
  `;
}

export function CampaignAnswers({ config }) {
  const campaigns = useLoad(() => getJson("/campaigns"), []);
  const [chosen, setChosen] = useState("");
  return html`
    <section class="campaign-answers" aria-labelledby="answers-title">
      <h2 id="answers-title">Réponses aux enquêtes</h2>
      <${Loaded} state=${campaigns} what="les enquêtes">
        ${(list) =>
          list.length === 0
            ? html`<p>Aucune enquête sur vos territoires pour le moment.</p>`
            : html`
            <div class="filters">
              <div class="field">
                <label for="answers-campaign">Enquête</label>
                <select id="answers-campaign" value=${chosen} onChange=${(e) => setChosen(e.target.value)}>
                  <option value="">Choisissez une enquête</option>
                  ${list.map((c) => html`<option value=${c.id}>${c.title}</option>`)}
                </select>
              </div>
            </div>
            ${chosen && html`<${Summary} key=${chosen} id=${chosen} config=${config} />`}`}
      </${Loaded}>
    </section>
  `;
}

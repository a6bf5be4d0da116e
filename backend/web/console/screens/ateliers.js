// Ateliers: prepare one (a territory, a date, steps), project it (#/ateliers/ID: the screen of the
// room, live), download its record. Analysts read; animateurs and admins run them.
import { useState } from "preact/hooks";
import { formatDay } from "../../shared/format.js";
import { html } from "../../shared/html.js";
import { describeErrors } from "../../shared/http.js";
import { can } from "../../shared/permissions.js";
import { ErrorSummary, Field, ScreenTitle } from "../../shared/ui.js";
import { getJson, Loaded, myTerritories, sendJson, TerritorySelect, useLoad } from "../common.js";
import { AtelierProjection } from "./ateliers-screen.js";

const STATUS = { preparation: "En préparation", en_cours: "En cours", termine: "Terminé" };

/** The steps an organiser picks from (an « Atelier Coopérations » by default). */
export const PRESETS = [
  ["synthese", true, { kind: "synthese", title: "Le portrait du quartier" }],
  ["cooperation", true, { kind: "cooperation", question: "Où en est notre coopération ?" }],
  ["gommettes", true, { kind: "gommettes", question: "Où agir en premier ? (3 gommettes)", dots: 3 }],
  ["pas_de_cote", true, { kind: "pas_de_cote", question: "Imaginons ensemble des pas de côté" }],
  ["priorites", false, { kind: "priorites", question: "Classez vos priorités" }],
  ["texte_court", false, { kind: "texte_court", question: "Qu'est-ce qui nous aiderait à mieux coopérer ?" }],
  ["note", false, { kind: "note", question: "Cet atelier vous a-t-il été utile ? (1 à 5)" }],
];

/** The lines of a textarea as the choices of a question: trimmed, without blanks or repeats. */
export function choicesOf(text) {
  return [
    ...new Set(
      text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ];
}

/** A question of the organiser's own, with its choices (one per line). */
function OwnQuestion({ onAdd }) {
  const [question, setQuestion] = useState("");
  const [choices, setChoices] = useState("");
  const [several, setSeveral] = useState(false);
  const list = choicesOf(choices);
  const ready = question.trim() && list.length >= 2;
  function add() {
    onAdd({ kind: several ? "choix_multiple" : "choix_unique", question: question.trim(), choices: list });
    setQuestion("");
    setChoices("");
    setSeveral(false);
  }
  return html`
    <fieldset class="stack own-question"><legend>Ajouter une question à choix</legend>
      <${Field} id="own-question" label="Question">
        <input id="own-question" value=${question} maxlength="200" onInput=${(e) => setQuestion(e.target.value)} />
      </${Field}>
      <${Field} id="own-choices" label="Réponses possibles, une par ligne (au moins deux)">
        <textarea id="own-choices" rows="4" value=${choices} onInput=${(e) => setChoices(e.target.value)}></textarea>
      </${Field}>
      <label class="choice"><input type="checkbox" checked=${several} onChange=${() => setSeveral(!several)} />
        Plusieurs réponses possibles</label>
      <button type="button" class="button secondary small" disabled=${!ready} onClick=${add}>Ajouter la question</button>
    </fieldset>`;
}

function NewAtelier({ user, onCreated }) {
  const territories = useLoad(() => myTerritories(user), [user.id]);
  const [title, setTitle] = useState("Atelier Coopérations");
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const [territory, setTerritory] = useState("");
  const [chosen, setChosen] = useState(() => PRESETS.filter(([, on]) => on).map(([name]) => name));
  const [own, setOwn] = useState(/** @type {object[]} */ ([]));
  const [errors, setErrors] = useState([]);
  async function submit(event) {
    event.preventDefault();
    const steps = [...PRESETS.filter(([name]) => chosen.includes(name)).map(([, , step]) => step), ...own];
    try {
      const made = await sendJson("POST", "/ateliers", {
        territory: territory || territories.data[0]?.code,
        title,
        held_on: day,
        steps,
      });
      onCreated(made);
    } catch (error) {
      setErrors([error.message, ...describeErrors(error.fieldErrors)]);
    }
  }
  return html`<${Loaded} state=${territories} what="vos territoires">${(list) => html`
    <form class="stack atelier-new" onSubmit=${submit}>
      <h2>Préparer un atelier</h2>
      <${ErrorSummary} messages=${errors} />
      <${Field} id="atelier-title" label="Titre">
        <input id="atelier-title" value=${title} maxlength="200" required onInput=${(e) => setTitle(e.target.value)} />
      </${Field}>
      <${Field} id="atelier-day" label="Date">
        <input id="atelier-day" type="date" value=${day} required onInput=${(e) => setDay(e.target.value)} />
      </${Field}>
      <${TerritorySelect} id="atelier-territory" territories=${list} value=${territory || list[0]?.code} onChange=${setTerritory} />
      <fieldset class="choices"><legend>Étapes, dans l'ordre</legend>
        ${PRESETS.map(
          ([name, , step]) => html`<label class="choice"><input type="checkbox" checked=${chosen.includes(name)}
            onChange=${() => setChosen(chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name])} />
            ${step.question || step.title}</label>`,
        )}
      </fieldset>
      ${
        own.length > 0 &&
        html`<ol class="own-questions" aria-label="Vos questions, après les étapes cochées">${own.map(
          (step, i) => html`<li>${step.question} <span class="hint">(${step.choices.join(" · ")})</span>
            <button type="button" class="button secondary small" aria-label=${"Retirer la question « " + step.question + " »"}
              onClick=${() => setOwn(own.filter((_, j) => j !== i))}>Retirer</button></li>`,
        )}</ol>`
      }
      <${OwnQuestion} onAdd=${(step) => setOwn([...own, step])} />
      <button class="button primary" disabled=${!chosen.length && !own.length}>Créer l'atelier</button>
    </form>`}
  </${Loaded}>`;
}

function AtelierList({ user }) {
  const list = useLoad(() => getJson("/ateliers"), []);
  const organiser = can(user, "run_ateliers");
  return html`
    <${ScreenTitle}>Ateliers</${ScreenTitle}>
    <p class="hint">Un temps de diagnostic partagé : les participants répondent depuis leur téléphone avec le code projeté, les réponses s'affichent en direct, le compte rendu est gardé.</p>
    <${Loaded} state=${list} what="les ateliers">${(items) =>
      items.length
        ? html`<ul class="atelier-list">${items.map(
            (a) => html`<li class="card"><a href=${"#/ateliers/" + a.id}><strong>${a.title}</strong></a>
              <span class="hint"> · ${a.territory_name} · ${formatDay(a.held_on)} · ${STATUS[a.status]}</span></li>`,
          )}</ul>`
        : html`<p class="hint">Aucun atelier pour l'instant.</p>`}
    </${Loaded}>
    ${organiser && html`<${NewAtelier} user=${user} onCreated=${(a) => (location.hash = "#/ateliers/" + a.id)} />`}
  `;
}

export function AteliersScreen({ user, route }) {
  if (route.id) return html`<${AtelierProjection} key=${route.id} id=${route.id} user=${user} />`;
  return html`<div class="ateliers-screen"><${AtelierList} user=${user} /></div>`;
}

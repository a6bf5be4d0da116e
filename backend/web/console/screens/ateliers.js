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

function NewAtelier({ user, onCreated }) {
  const territories = useLoad(() => myTerritories(user), [user.id]);
  const [title, setTitle] = useState("Atelier Coopérations");
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const [territory, setTerritory] = useState("");
  const [chosen, setChosen] = useState(() => PRESETS.filter(([, on]) => on).map(([name]) => name));
  const [errors, setErrors] = useState([]);
  async function submit(event) {
    event.preventDefault();
    const steps = PRESETS.filter(([name]) => chosen.includes(name)).map(([, , step]) => step);
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
      <button class="button primary" disabled=${!chosen.length}>Créer l'atelier</button>
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

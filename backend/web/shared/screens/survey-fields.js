// One survey question on screen, by type: text and numbers, choices (radios, a list, checkboxes),
// range, rank (moved with buttons), date and time, place (GPS or the map), acknowledge, note.
// Labels are the form's own, in the chosen language, with ${name} replaced by the answer.
import { useState } from "preact/hooks";
import { localDateTime } from "../survey/answers.js";
import { languageCode } from "../survey/definition.js";
import { toString } from "../survey/expressions/index.js";
import { GOOD_ACCURACY_M, usePosition } from "../geo.js";
import { html } from "../html.js";
import { PlaceMap } from "../map.js";

const REFERENCE = /\$\{\s*([A-Za-z_][\p{L}\p{N}_.-]*)\s*\}/gu;

/** A label with ${name} replaced by the current answer to ``name``, as ODK shows it. */
export function interpolate(text, context) {
  if (!text || !context) return text || "";
  return text.replace(REFERENCE, (_, name) => toString(context.valueOf(name)));
}

export const fieldId = (key) => "q-" + key.replace(/[^\w-]/g, "_");
const round = (value) => Math.round(value * 1e6) / 1e6;

/** What the question shows around its input: label, hint, problems. */
export function useTexts(field, survey, language) {
  const { node } = field.spec;
  return {
    label: interpolate(survey.text(node.label, language), field.context),
    hint: interpolate(survey.text(node.hint, language), field.context),
  };
}

function Errors({ id, messages }) {
  if (!messages.length) return null;
  return html`<div class="field-error" id=${id + "-error"}>${messages.map((m) => html`<p>${m}</p>`)}</div>`;
}

function Frame({ field, texts, messages, group, lang, children }) {
  const id = fieldId(field.key);
  const label = html`${texts.label || field.spec.name}${field.required && html`<span class="required"> (obligatoire)</span>`}`;
  const hint = texts.hint && html`<p class="hint" id=${id + "-hint"}>${texts.hint}</p>`;
  const cls = "field question" + (messages.length ? " has-error" : "");
  if (group) {
    return html`<fieldset class=${cls} lang=${lang}>
      <legend>${label}</legend>${hint}<${Errors} id=${id} messages=${messages} />${children}
    </fieldset>`;
  }
  return html`<div class=${cls} lang=${lang}>
    <label for=${id}>${label}</label>${hint}<${Errors} id=${id} messages=${messages} />${children}
  </div>`;
}

const described = (id, texts, messages) =>
  [texts.hint && id + "-hint", messages.length && id + "-error"].filter(Boolean).join(" ") || undefined;

function choiceList(field) {
  return field.choices || field.spec.choices;
}

function Choices({ field, survey, language, value, onChange, disabled, multiple }) {
  const id = fieldId(field.key);
  const chosen = multiple ? (Array.isArray(value) ? value : []) : value;
  const horizontal = field.spec.appearance.some((a) =>
    ["likert", "horizontal", "horizontal-compact", "list-nolabel"].includes(a),
  );
  return html`<div class=${"choices" + (horizontal ? " horizontal" : "")}>${choiceList(field).map((choice, index) => {
    const checked = multiple ? chosen.includes(choice.name) : chosen === choice.name;
    const toggle = () =>
      onChange(multiple ? (checked ? chosen.filter((n) => n !== choice.name) : [...chosen, choice.name]) : choice.name);
    return html`<label class=${"choice" + (checked ? " selected" : "")} key=${choice.name}>
        <input type=${multiple ? "checkbox" : "radio"} name=${id} id=${index === 0 ? id : undefined}
          value=${choice.name} checked=${checked} disabled=${disabled} onChange=${toggle} />
        <span>${survey.text(choice.label, language) || choice.name}</span>
      </label>`;
  })}</div>
    ${
      !multiple &&
      value &&
      !disabled &&
      html`<button type="button" class="link-button" onClick=${() => onChange("")}>Effacer ma réponse</button>`
    }`;
}

function SelectList({ field, survey, language, value, onChange, disabled, describedBy }) {
  const id = fieldId(field.key);
  return html`<select id=${id} value=${value || ""} disabled=${disabled} aria-describedby=${describedBy}
    onChange=${(e) => onChange(e.target.value)}>
    <option value="">— Choisir —</option>
    ${choiceList(field).map((c) => html`<option value=${c.name}>${survey.text(c.label, language) || c.name}</option>`)}
  </select>`;
}

function Rank({ field, survey, language, value, onChange, disabled }) {
  const names = choiceList(field).map((c) => c.name);
  const order = Array.isArray(value) && value.length ? [...value, ...names.filter((n) => !value.includes(n))] : names;
  const [said, setSaid] = useState("");
  const label = (name) => survey.text(choiceList(field).find((c) => c.name === name)?.label, language) || name;
  const move = (from, to) => {
    const next = [...order];
    next.splice(to, 0, ...next.splice(from, 1));
    onChange(next);
    setSaid(`« ${label(order[from])} » est maintenant en position ${to + 1} sur ${next.length}.`);
  };
  return html`<div class="rank" id=${fieldId(field.key)} tabindex="-1">
    <ol>${order.map(
      (name, i) => html`<li key=${name}>
      <span class="rank-position" aria-hidden="true">${i + 1}</span>
      <span class="rank-label">${label(name)}</span>
      <span class="rank-buttons">
        <button type="button" class="button small secondary" disabled=${disabled || i === 0}
          aria-label=${`Monter « ${label(name)} »`} onClick=${() => move(i, i - 1)}>↑</button>
        <button type="button" class="button small secondary" disabled=${disabled || i === order.length - 1}
          aria-label=${`Descendre « ${label(name)} »`} onClick=${() => move(i, i + 1)}>↓</button>
      </span>
    </li>`,
    )}</ol>
    ${
      !(Array.isArray(value) && value.length) &&
      !disabled &&
      html`<button type="button" class="button small secondary" onClick=${() => onChange(order)}>Garder cet ordre</button>`
    }
    <p class="visually-hidden" role="status">${said}</p>
  </div>`;
}

function Range({ field, value, onChange, disabled, describedBy }) {
  const id = fieldId(field.key);
  const p = field.spec.node.parameters || {};
  const [start, end, step] = [Number(p.start ?? 1), Number(p.end ?? 10), Number(p.step ?? 1)];
  const answered = value !== "" && value !== undefined && value !== null;
  return html`<div class="range">
    <input type="range" id=${id} min=${Math.min(start, end)} max=${Math.max(start, end)} step=${Math.abs(step) || 1}
      value=${answered ? value : Math.min(start, end)} disabled=${disabled} aria-describedby=${describedBy}
      aria-valuetext=${answered ? String(value) : "pas de réponse"} onInput=${(e) => onChange(Number(e.target.value))} />
    <output for=${id}>${answered ? String(value) : "Pas de réponse"}</output>
    ${answered && !disabled && html`<button type="button" class="link-button" onClick=${() => onChange("")}>Effacer</button>`}
  </div>`;
}

function Place({ field, value, onChange, disabled, map }) {
  const position = usePosition();
  const [showMap, setShowMap] = useState(false);
  const gps = position.status === "ok" ? position : null;
  const wanted = Number(field.spec.node.parameters?.["capture-accuracy"]) || GOOD_ACCURACY_M;
  const point = value?.coordinates;
  const use = (lon, lat, accuracy) =>
    onChange({ type: "Point", coordinates: [round(lon), round(lat)], ...(accuracy ? { accuracy } : {}) });
  const status = point
    ? `Lieu enregistré : ${point[1].toFixed(5)}, ${point[0].toFixed(5)}${value.accuracy ? ` (± ${Math.round(value.accuracy)} m)` : " (choisi sur la carte)"}.`
    : gps
      ? `Position GPS trouvée, précise à ± ${gps.accuracy} m${gps.accuracy > wanted ? ` (précision visée : ${wanted} m)` : ""}.`
      : position.status === "searching"
        ? "Recherche de votre position GPS…"
        : "Position GPS indisponible : choisissez le lieu sur la carte.";
  return html`<div class="place" id=${fieldId(field.key)} tabindex="-1">
    <p class=${"place-status " + (point ? "ok" : gps && gps.accuracy <= wanted ? "ok" : "info")} role="status">${status}</p>
    ${
      !disabled &&
      html`<div class="actions">
      ${
        gps &&
        html`<button type="button" class="button secondary small" onClick=${() => use(gps.lon, gps.lat, gps.accuracy)}>
        Utiliser ma position GPS</button>`
      }
      <button type="button" class="button secondary small" aria-expanded=${showMap ? "true" : "false"}
        onClick=${() => setShowMap(!showMap)}>${showMap ? "Fermer la carte" : "Choisir sur la carte"}</button>
      ${point && html`<button type="button" class="link-button" onClick=${() => onChange(null)}>Effacer le lieu</button>`}
    </div>`
    }
    ${
      showMap &&
      html`<${PlaceMap} gps=${gps} picked=${point ? [point[0], point[1]] : null}
      onPick=${([lon, lat]) => use(lon, lat, null)} outlines=${map.outlines} tiles=${map.config} />`
    }
  </div>`;
}

const UNSUPPORTED_NOTE = {
  image:
    "Les photos ne peuvent pas encore être jointes aux réponses d'enquête dans l'application : passez cette question.",
};

/** One question: its label, hint, problems and the input for its type. */
export function Question({ field, survey, language, value, onChange, onBlur, messages, map }) {
  const texts = useTexts(field, survey, language);
  const { spec } = field;
  const id = fieldId(field.key);
  const lang = languageCode(language);
  const disabled = Boolean(field.readOnly);
  const describedBy = described(id, texts, messages);
  const common = { field, survey, language, value, onChange, disabled, describedBy };
  const invalid = messages.length ? "true" : undefined;
  if (spec.type === "note") {
    return html`<div class="note-question" id=${id} lang=${lang}><p>${texts.label}</p>${texts.hint && html`<p class="hint">${texts.hint}</p>`}</div>`;
  }
  if (spec.type === "image" || spec.type === "unsupported") {
    return html`<div class="field question unsupported" id=${id} lang=${lang}>
      <p class="question-label">${texts.label || spec.name}</p>
      <p class="hint">${UNSUPPORTED_NOTE[spec.type] || `Cette question (${spec.node.xlsform_type || spec.type}) ne peut pas être posée dans l'application : passez-la.`}</p>
    </div>`;
  }
  const grouped =
    ["select_one", "select_multiple", "rank", "geopoint", "acknowledge"].includes(spec.type) &&
    !(spec.type === "select_one" && spec.appearance.some((a) => a === "minimal" || a === "autocomplete"));
  let input;
  switch (spec.type) {
    case "select_one":
      input = grouped ? html`<${Choices} ...${common} />` : html`<${SelectList} ...${common} />`;
      break;
    case "select_multiple":
      input = html`<${Choices} ...${common} multiple=${true} />`;
      break;
    case "rank":
      input = html`<${Rank} ...${common} />`;
      break;
    case "range":
      input = html`<${Range} ...${common} />`;
      break;
    case "geopoint":
      input = html`<${Place} ...${common} map=${map} />`;
      break;
    case "acknowledge":
      input = html`<label class="choice"><input type="checkbox" id=${id} checked=${value === "OK"} disabled=${disabled}
        onChange=${(e) => onChange(e.target.checked ? "OK" : "")} /><span>OK</span></label>`;
      break;
    default: {
      const kind = { date: "date", time: "time", datetime: "datetime-local" }[spec.type] || "text";
      const mode = { integer: "numeric", decimal: "decimal" }[spec.type];
      const shownValue = spec.type === "datetime" && value ? String(value).slice(0, 16) : (value ?? "");
      const set = (raw) => onChange(spec.type === "datetime" && raw ? localDateTime(raw) : raw);
      input =
        spec.type === "text" && spec.appearance.includes("multiline")
          ? html`<textarea id=${id} rows="4" value=${shownValue} disabled=${disabled} aria-describedby=${describedBy}
            aria-invalid=${invalid} aria-required=${field.required ? "true" : undefined}
            onInput=${(e) => set(e.target.value)} onBlur=${onBlur}></textarea>`
          : html`<input id=${id} type=${kind} inputmode=${mode} value=${shownValue} disabled=${disabled}
            aria-describedby=${describedBy} aria-invalid=${invalid} aria-required=${field.required ? "true" : undefined}
            autocomplete="off" onInput=${(e) => set(e.target.value)} onBlur=${onBlur} />`;
    }
  }
  return html`<${Frame} field=${field} texts=${texts} messages=${messages} group=${grouped} lang=${lang}>${input}<//>`;
}

// The parts of the observation form shared by "Signaler" and "Modifier": theme, type, description.
import { html } from "../../shared/html.js";
import { Icon } from "../../shared/icons.js";
import { POLARITIES } from "../../shared/data.js";

export function ThemePicker({ themes, value, onChange, error }) {
  return html`
    <fieldset class=${"field" + (error ? " has-error" : "")} id="field-theme">
      <legend>Quel thème ?</legend>
      ${error && html`<p class="field-error">${error}</p>`}
      <div class="tiles themes">
        ${themes.map(
          (t) => html`
            <label class=${"tile" + (value === t.code ? " selected" : "")}>
              <input class="visually-hidden" type="radio" name="theme" value=${t.code}
                checked=${value === t.code} onChange=${() => onChange(t.code)} />
              <${Icon} name=${t.code} size=${32} />
              <span>${t.label}</span>
            </label>`,
        )}
      </div>
    </fieldset>
  `;
}

export function PolarityPicker({ value, onChange, error }) {
  return html`
    <fieldset class=${"field" + (error ? " has-error" : "")} id="field-polarity">
      <legend>C'est plutôt…</legend>
      ${error && html`<p class="field-error">${error}</p>`}
      <div class="tiles polarities">
        ${POLARITIES.map(
          (p) => html`
            <label class=${`tile polarity ${p.code}` + (value === p.code ? " selected" : "")}>
              <input class="visually-hidden" type="radio" name="polarity" value=${p.code}
                checked=${value === p.code} onChange=${() => onChange(p.code)} />
              <${Icon} name=${p.code} size=${28} />
              <span>${p.label}</span>
            </label>`,
        )}
      </div>
    </fieldset>
  `;
}

export function DescriptionField({ value, onInput, error }) {
  return html`
    <div class=${"field" + (error ? " has-error" : "")}>
      <label for="field-text">Décrivez en quelques mots</label>
      <p class="hint" id="field-text-hint">Ce que vous voyez, où exactement, depuis quand. Pas de nom de personne.</p>
      ${error && html`<p class="field-error" id="field-text-error">${error}</p>`}
      <textarea id="field-text" name="text" rows="3" maxlength="5000" required
        aria-describedby=${"field-text-hint" + (error ? " field-text-error" : "")}
        aria-invalid=${error ? "true" : undefined}
        value=${value} onInput=${(e) => onInput(e.target.value)}></textarea>
    </div>
  `;
}

/** Client-side checks, with the words a resident acts on; the server checks again. */
export function checkObservation({ theme, polarity, text }) {
  const errors = {};
  if (!theme) errors.theme = "Choisissez un thème.";
  if (!polarity) errors.polarity = "Dites si c'est une difficulté, une ressource ou une idée.";
  if (!text.trim()) errors.text = "Décrivez en quelques mots ce que vous observez.";
  return errors;
}

// The questions of one page: plain questions, groups as fieldsets (their title as legend), and
// repeats with their instances ("Arrêt 1", "Arrêt 2"…), added and removed with buttons unless the
// form sets their number (repeat_count).
import { html } from "../html.js";
import { languageCode } from "../survey/definition.js";
import { shown } from "../survey/pages.js";
import { Question, useTexts } from "./survey-fields.js";

/** What one page needs from the form screen, passed down unchanged. */
export function Questions({ specs, where, form }) {
  return specs.map((spec) => {
    const key = where + spec.key;
    const field = form.run.fields.get(key);
    if (!field || !field.relevant || !shown(spec)) return null;
    if (spec.type === "group") return html`<${Group} key=${key} field=${field} where=${where} form=${form} />`;
    if (spec.type === "repeat") return html`<${Repeat} key=${key} field=${field} where=${where} form=${form} />`;
    return html`<${Question} key=${key} field=${field} survey=${form.survey} language=${form.language}
      value=${form.valueOf(key, spec)} onChange=${(value) => form.change(key, spec, value)}
      onBlur=${() => form.touch(key)} messages=${form.messagesFor(key)} map=${form.map} />`;
  });
}

function Group({ field, where, form }) {
  const texts = useTexts(field, form.survey, form.language);
  const inner = html`<${Questions} specs=${field.spec.children} where=${where} form=${form} />`;
  if (!texts.label) return inner;
  return html`<fieldset class="group" lang=${languageCode(form.language)}>
    <legend>${texts.label}</legend>
    ${texts.hint && html`<p class="hint">${texts.hint}</p>`}
    ${inner}
  </fieldset>`;
}

function Repeat({ field, where, form }) {
  const { spec } = field;
  const texts = useTexts(field, form.survey, form.language);
  const title = texts.label || spec.name;
  const instances = form.valueOf(field.key, spec) || [];
  const fixed = Boolean(spec.repeatCount);
  const messages = form.messagesFor(field.key);
  return html`<section class="repeat" aria-label=${title}>
    ${texts.hint && html`<p class="hint">${texts.hint}</p>`}
    ${messages.map((m) => html`<p class="field-error">${m}</p>`)}
    ${instances.map(
      (_, index) => html`<fieldset class="instance" key=${index}>
      <legend>${title} ${index + 1}</legend>
      <${Questions} specs=${spec.children} where=${`${field.key}[${index + 1}]/`} form=${form} />
      ${
        !fixed &&
        html`<button type="button" class="button secondary small"
        onClick=${() => form.removeInstance(field.key, spec, index)}>Retirer « ${title} ${index + 1} »</button>`
      }
    </fieldset>`,
    )}
    ${fixed && html`<p class="hint">Leur nombre vient de vos réponses précédentes.</p>`}
    ${
      !fixed &&
      html`<button type="button" class="button secondary" onClick=${() => form.addInstance(field.key, spec)}>
      Ajouter : ${title}</button>`
    }
  </section>`;
}

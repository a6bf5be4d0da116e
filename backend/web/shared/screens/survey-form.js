// A survey's form: its pages one after the other, the form's rules checked as the resident answers
// (skip logic, required answers, constraints with the form's own messages), the draft handed to
// ``saveDraft`` at every change. The app answers with it; the console previews a survey with it.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { html } from "../html.js";
import { Icon } from "../icons.js";
import { layout, newScope, nowIso, scopeAt, settle } from "../survey/pages.js";
import { ScreenTitle } from "../ui.js";
import { fieldId, interpolate } from "./survey-fields.js";
import { Questions } from "./survey-sections.js";

const clone = (value) => JSON.parse(JSON.stringify(value));

/**
 * The pages of a survey and their rules. ``preview(answers)``, when given, makes it an organiser's
 * preview: nothing is kept nor sent, the answers go to that function instead. Otherwise
 * ``onSend(payloadAnswers, kept)`` sends them (the app puts them in its outbox) and a draft with a
 * ``key`` goes to ``onDraft`` at every change.
 */
export function Form({ campaign, survey, draft: initial, map, preview, onSend, onDraft }) {
  const { pages, pageOf } = useMemo(() => layout(survey), [survey]);
  const [draft, setDraft] = useState(() => {
    const settled = { ...initial, ...settle(survey, initial.answers, { language: initial.language }) };
    // A response the server refused opens on the first question it named.
    const named = Object.keys(initial.serverErrors || {}).map((key) => pageOf.get(settled.run.fields.get(key)?.spec));
    const first = Math.min(...named.filter((p) => p !== undefined));
    return Number.isFinite(first) ? { ...settled, page: first } : settled;
  });
  const [touched, setTouched] = useState(() => new Set());
  const [checkedPages, setCheckedPages] = useState(() => new Set());
  const [attempts, setAttempts] = useState(0); // each refused "Suivant" or "Envoyer"
  const heading = useRef(null);
  const summaryRef = useRef(null);
  const { run } = draft;

  const relevantPages = pages.map((p, i) => i).filter((i) => run.fields.get(pages[i].spec.key)?.relevant);
  const page = relevantPages.includes(draft.page)
    ? draft.page
    : (relevantPages.find((i) => i > draft.page) ?? relevantPages.at(-1) ?? 0);
  const position = relevantPages.indexOf(page);
  const last = position >= relevantPages.length - 1;
  // « Page 3 sur N »: N counts every page still ahead, relevant yet or not, so that it never grows
  // while the resident answers (a follow-up appearing was already counted; skipped ones drop out).
  const total = Math.max(Math.max(position, 0) + 1 + (last ? 0 : pages.length - 1 - page), 1);

  /** ``changes`` to the draft, or ``(draft) => changes`` when they depend on it. */
  function update(changes) {
    setDraft((old) => {
      const next = { ...old, ...(typeof changes === "function" ? changes(old) : changes) };
      if (next.answers !== old.answers || next.language !== old.language) {
        Object.assign(next, settle(survey, next.answers, { language: next.language }));
      }
      const { run: _, ...kept } = next;
      if (next.key) onDraft?.(kept);
      return next;
    });
  }

  const pageProblems = (index) =>
    run.problems.filter((p) => {
      const field = run.fields.get(p.key);
      return field && pageOf.get(field.spec) === index && field.relevant;
    });

  const form = {
    survey,
    run,
    map,
    language: draft.language,
    valueOf: (key, spec) => scopeAt(draft.answers, key)?.[spec.key],
    change(key, spec, value) {
      editScope(key, (scope) => (scope[spec.key] = value));
      update((old) => {
        const { [key]: _, ...others } = old.serverErrors || {};
        return { serverErrors: others };
      });
    },
    touch: (key) => setTouched((t) => new Set(t).add(key)),
    messagesFor(key) {
      const field = run.fields.get(key);
      const checked = checkedPages.has(pageOf.get(field?.spec));
      const own = (field?.problems || []).filter((p) => checked || (touched.has(key) && p.code !== "required"));
      return [...new Set([...own.map((p) => p.message), ...((draft.serverErrors || {})[key] || [])])];
    },
    addInstance(key, spec) {
      editScope(key, (scope) => (scope[spec.key] = [...(scope[spec.key] || []), newScope(spec.children)]));
    },
    removeInstance(key, spec, index) {
      editScope(key, (scope) => (scope[spec.key] = scope[spec.key].filter((_, i) => i !== index)));
    },
  };

  /** Change the scope (form or repeat instance) holding ``key``, on the latest draft. */
  function editScope(key, edit) {
    update((old) => {
      const answers = clone(old.answers);
      const scope = scopeAt(answers, key);
      if (scope) edit(scope);
      return { answers };
    });
  }

  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current)
      firstPage.current = false; // the screen's title has the focus then
    else heading.current?.focus();
  }, [page]);

  function describe(problems) {
    return problems.map((p) => {
      const field = run.fields.get(p.key);
      const label = interpolate(survey.text(field.spec.node.label, draft.language), field.context) || field.spec.name;
      return { id: fieldId(p.key), text: `${label} : ${p.message}` };
    });
  }

  // The problems of a page are listed once the resident tried to leave it, and until they are solved.
  const summary = checkedPages.has(page) ? describe(pageProblems(page)) : [];
  useEffect(() => {
    if (attempts) summaryRef.current?.focus();
  }, [attempts]);

  function showProblems(index) {
    setCheckedPages((s) => new Set(s).add(index));
    setAttempts((n) => n + 1);
    if (index !== page) update({ page: index });
  }

  function next() {
    if (pageProblems(page).length) return showProblems(page);
    update({ page: relevantPages[position + 1] });
    scrollTo({ top: 0 });
  }

  function previous() {
    update({ page: relevantPages[position - 1] });
    scrollTo({ top: 0 });
  }

  async function send() {
    const wrong = relevantPages.find((index) => pageProblems(index).length);
    if (wrong !== undefined) return showProblems(wrong);
    const answers = clone(draft.answers);
    for (const spec of survey.walk()) {
      if (spec.type === "metadata" && spec.node.metadata === "end" && !spec.repeat) answers[spec.key] = nowIso();
    }
    const { answers: payloadAnswers } = settle(survey, answers, { language: draft.language }).run;
    if (preview) return preview(payloadAnswers);
    await onSend(payloadAnswers, { answers, language: draft.language, page });
  }

  const current = pages[page];
  const sectionTitle = (current?.groups || [])
    .map((g) => survey.text(g.node.label, draft.language))
    .filter(Boolean)
    .join(" · ");
  const languages = survey.languages.filter((l) => l !== "default");
  return html`
    ${
      preview
        ? html`<h2 class="preview-title">${campaign.title || survey.settings.title}</h2>`
        : html`<${ScreenTitle} title=${campaign.title}>${campaign.title || survey.settings.title}<//>`
    }
    ${
      languages.length > 1 &&
      html`<div class="field language">
      <label for="survey-language">Langue du questionnaire</label>
      <select id="survey-language" value=${draft.language} onChange=${(e) => update({ language: e.target.value })}>
        ${languages.map((l) => html`<option value=${l}>${l}</option>`)}
      </select>
    </div>`
    }
    ${draft.outboxId && html`<p class="problem" role="note">Le serveur a refusé cette réponse : corrigez les questions signalées, puis envoyez-la de nouveau.</p>`}
    ${
      summary.length > 0 &&
      html`<div class="error-summary" role="alert" tabindex="-1" ref=${summaryRef}>
      <h2>À corriger</h2>
      <ul>${summary.map(
        (s) =>
          html`<li><a href=${"#" + s.id} onClick=${(e) => {
            e.preventDefault();
            document.getElementById(s.id)?.focus();
          }}>${s.text}</a></li>`,
      )}</ul>
    </div>`
    }
    <form class="survey" onSubmit=${(e) => {
      e.preventDefault();
      last ? send() : next();
    }} noValidate>
      <h2 class="progress" tabindex="-1" ref=${heading}>Page ${Math.max(position, 0) + 1} sur ${total}</h2>
      ${sectionTitle && html`<p class="section-name">${sectionTitle}</p>`}
      ${
        current
          ? html`<${Questions} specs=${[current.spec]} where="" form=${form} />`
          : html`<p>Ce questionnaire n'a pas de question à vous poser : envoyez-le tel quel.</p>`
      }
      <div class="actions pager">
        ${position > 0 && html`<button type="button" class="button secondary" onClick=${previous}>Précédent</button>`}
        <button type="submit" class="button primary">${last ? html`<${Icon} name="send" /> ${initial.editing ? "Envoyer la correction" : "Envoyer mes réponses"}` : "Suivant"}</button>
      </div>
    </form>
    ${
      initial.editing
        ? html`<p class="hint">Votre réponse corrigée remplacera celle déjà envoyée (réseau nécessaire).</p>`
        : html`<p class="hint">Vos réponses sont gardées sur ce téléphone au fur et à mesure : vous pouvez reprendre plus tard, même sans réseau.</p>`
    }
  `;
}

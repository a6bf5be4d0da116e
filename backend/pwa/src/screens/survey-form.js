// Answering a survey: its pages one after the other, the form's rules checked on the phone (skip
// logic, required answers, constraints with the form's own messages), the draft kept on the phone
// at every change (so it can be resumed, offline too), then the response put in the outbox.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { html } from "../html.js";
import { Icon } from "../icons.js";
import { addItem, getItem, newItem, updateItem } from "../outbox.js";
import { go } from "../router.js";
import { PreparedSurvey } from "../survey/definition.js";
import { layout, newScope, nowIso, scopeAt, settle } from "../survey/pages.js";
import { deleteDraft, draftKey, getDraft, loadCampaigns, loadSurvey, saveDraft, surveyIdOf } from "../survey/store.js";
import { syncNow } from "../sync.js";
import { ScreenTitle, Status } from "../ui.js";
import { fieldId, interpolate } from "./survey-fields.js";
import { Questions } from "./survey-sections.js";
import { announce } from "./surveys.js";

const clone = (value) => JSON.parse(JSON.stringify(value));
const prepared = new Map();
function prepare(surveyId, definition) {
  if (!prepared.has(surveyId)) prepared.set(surveyId, new PreparedSurvey(definition));
  return prepared.get(surveyId);
}

/** The campaign, its survey and the draft (a new one, the one kept, or an outbox item to correct). */
async function openForm(user, campaignId, correcting) {
  const item = correcting ? await getItem(correcting) : null;
  const kept = item ? null : await getDraft(user.id, campaignId);
  const campaigns = await loadCampaigns(user.id).catch(() => []);
  // A campaign no longer listed (closed meanwhile, or never listed offline) can still take the
  // answers already begun: the server accepts them for a week after the end.
  const campaign = campaigns.find((c) => String(c.id) === String(campaignId)) || item?.draft?.campaign || kept?.campaign;
  if (!campaign) throw new Error("Cette enquête n'est plus ouverte, ou pas encore enregistrée sur ce téléphone.");
  const surveyId = surveyIdOf(campaign);
  const definition = await loadSurvey(surveyId).catch(() => null);
  if (!definition) throw new Error("Le questionnaire n'est pas encore enregistré sur ce téléphone : ouvrez-le une première fois avec du réseau.");
  const survey = prepare(surveyId, definition);
  let draft;
  if (item) {
    draft = { ...item.draft, key: null, outboxId: item.id, responseId: item.id, serverErrors: serverErrors(item.errors) };
  } else {
    draft = kept || {
      key: draftKey(user.id, campaignId), userId: user.id, campaignId: String(campaignId), campaign,
      responseId: crypto.randomUUID(), answers: newScope(survey.children), page: 0,
      language: survey.defaultLanguage || survey.languages[0] || "", startedAt: new Date().toISOString(),
    };
  }
  return { campaign, survey, draft };
}

/** The server's per-question messages of a refused response: ``errors.json.answers`` or ``answers``. */
export function serverErrors(errors) {
  const answers = errors?.json?.answers || errors?.answers;
  if (!answers || typeof answers !== "object" || Array.isArray(answers)) return {};
  return Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, [].concat(v).map(String)]));
}

export function SurveyFormScreen({ user, campaignId, correcting, map }) {
  const [opened, setOpened] = useState(null);
  const [problem, setProblem] = useState(null);
  useEffect(() => {
    openForm(user, campaignId, correcting).then(setOpened, (error) => setProblem(error.message));
  }, [campaignId, correcting]);
  if (problem) {
    return html`<${ScreenTitle}>Enquête<//><${Status} kind="warning">${problem}<//>
      <a class="button secondary" href="#/enquetes">Retour aux enquêtes</a>`;
  }
  if (!opened) return html`<${ScreenTitle}>Enquête<//><p>Chargement…</p>`;
  return html`<${Form} ...${opened} user=${user} map=${map} />`;
}

/**
 * The pages of a survey and their rules. ``preview(answers)``, when given, makes it an organiser's
 * preview: nothing is kept nor sent, the answers go to that function instead.
 */
export function Form({ campaign, survey, draft: initial, user, map, preview }) {
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
  const page = relevantPages.includes(draft.page) ? draft.page : relevantPages.find((i) => i > draft.page) ?? relevantPages.at(-1) ?? 0;
  const position = relevantPages.indexOf(page);
  const last = position >= relevantPages.length - 1;

  /** ``changes`` to the draft, or ``(draft) => changes`` when they depend on it. */
  function update(changes) {
    setDraft((old) => {
      const next = { ...old, ...(typeof changes === "function" ? changes(old) : changes) };
      if (next.answers !== old.answers || next.language !== old.language) {
        Object.assign(next, settle(survey, next.answers, { language: next.language }));
      }
      const { run: _, ...kept } = next;
      if (next.key) saveDraft(kept);
      return next;
    });
  }

  const pageProblems = (index) =>
    run.problems.filter((p) => {
      const field = run.fields.get(p.key);
      return field && pageOf.get(field.spec) === index && field.relevant;
    });

  const form = {
    survey, run, map, language: draft.language,
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
    if (firstPage.current) firstPage.current = false; // the screen's title has the focus then
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
    const payload = { id: draft.responseId, campaign_id: campaign.id, submitted_at: nowIso(), answers: payloadAnswers };
    const kept = { campaign, campaignId: String(campaign.id), answers, language: draft.language, page, title: campaign.title };
    if (draft.outboxId) {
      await updateItem(draft.outboxId, (item) => ({
        ...item, payload: { ...item.payload, answers: payloadAnswers }, draft: kept,
        state: "pending", errors: null, attempts: 0, nextAttemptAt: 0,
      }));
    } else {
      await addItem({ ...newItem("response", user.id, payload), draft: kept });
      await deleteDraft(draft.key);
    }
    announce("Réponse enregistrée sur ce téléphone.");
    syncNow();
    go("/enquetes");
  }

  const current = pages[page];
  const sectionTitle = (current?.groups || []).map((g) => survey.text(g.node.label, draft.language)).filter(Boolean).join(" · ");
  const languages = survey.languages.filter((l) => l !== "default");
  return html`
    ${preview ? html`<h2 class="preview-title">${campaign.title || survey.settings.title}</h2>`
      : html`<${ScreenTitle} title=${campaign.title}>${campaign.title || survey.settings.title}<//>`}
    ${languages.length > 1 && html`<div class="field language">
      <label for="survey-language">Langue du questionnaire</label>
      <select id="survey-language" value=${draft.language} onChange=${(e) => update({ language: e.target.value })}>
        ${languages.map((l) => html`<option value=${l}>${l}</option>`)}
      </select>
    </div>`}
    ${draft.outboxId && html`<p class="problem" role="note">Le serveur a refusé cette réponse : corrigez les questions signalées, puis envoyez-la de nouveau.</p>`}
    ${summary.length > 0 && html`<div class="error-summary" role="alert" tabindex="-1" ref=${summaryRef}>
      <h2>À corriger</h2>
      <ul>${summary.map((s) => html`<li><a href=${"#" + s.id} onClick=${(e) => {
        e.preventDefault();
        document.getElementById(s.id)?.focus();
      }}>${s.text}</a></li>`)}</ul>
    </div>`}
    <form class="survey" onSubmit=${(e) => { e.preventDefault(); last ? send() : next(); }} noValidate>
      <h2 class="progress" tabindex="-1" ref=${heading}>Page ${Math.max(position, 0) + 1} sur ${Math.max(relevantPages.length, 1)}</h2>
      ${sectionTitle && html`<p class="section-name">${sectionTitle}</p>`}
      ${current ? html`<${Questions} specs=${[current.spec]} where="" form=${form} />`
        : html`<p>Ce questionnaire n'a pas de question à vous poser : envoyez-le tel quel.</p>`}
      <div class="actions pager">
        ${position > 0 && html`<button type="button" class="button secondary" onClick=${previous}>Précédent</button>`}
        <button type="submit" class="button primary">${last ? html`<${Icon} name="send" /> Envoyer mes réponses` : "Suivant"}</button>
      </div>
    </form>
    <p class="hint">Vos réponses sont gardées sur ce téléphone au fur et à mesure : vous pouvez reprendre plus tard, même sans réseau.</p>
  `;
}

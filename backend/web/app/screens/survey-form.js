// Answering a survey in the app: the campaign, its survey and the draft opened (offline too), the
// draft kept on the phone at every change (so it can be resumed), then the response put in the outbox.
import { useEffect, useState } from "preact/hooks";
import { html } from "../../shared/html.js";
import { Form } from "../../shared/screens/survey-form.js";
import { PreparedSurvey } from "../../shared/survey/definition.js";
import { newScope, nowIso } from "../../shared/survey/pages.js";
import { ScreenTitle, Status } from "../../shared/ui.js";
import { addItem, getItem, newItem, updateItem } from "../outbox.js";
import { go } from "../../shared/router.js";
import { deleteDraft, draftKey, getDraft, loadCampaigns, loadSurvey, saveDraft, surveyIdOf } from "../survey-store.js";
import { syncNow } from "../sync.js";
import { announce } from "./surveys.js";

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
  const campaign =
    campaigns.find((c) => String(c.id) === String(campaignId)) || item?.draft?.campaign || kept?.campaign;
  if (!campaign) throw new Error("Cette enquête n'est plus ouverte, ou pas encore enregistrée sur ce téléphone.");
  const surveyId = surveyIdOf(campaign);
  const definition = await loadSurvey(surveyId).catch(() => null);
  if (!definition)
    throw new Error(
      "Le questionnaire n'est pas encore enregistré sur ce téléphone : ouvrez-le une première fois avec du réseau.",
    );
  const survey = prepare(surveyId, definition);
  let draft;
  if (item) {
    draft = {
      ...item.draft,
      key: null,
      outboxId: item.id,
      responseId: item.id,
      serverErrors: serverErrors(item.errors),
    };
  } else {
    draft = kept || {
      key: draftKey(user.id, campaignId),
      userId: user.id,
      campaignId: String(campaignId),
      campaign,
      responseId: crypto.randomUUID(),
      answers: newScope(survey.children),
      page: 0,
      language: survey.defaultLanguage || survey.languages[0] || "",
      startedAt: new Date().toISOString(),
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
  return html`<${Form} ...${opened} map=${map} onDraft=${saveDraft} onSend=${(answers, kept) => send(user, opened, answers, kept)} />`;
}

/** The response in the outbox (a new one, or the refused one corrected), then sent when possible. */
async function send(user, { campaign, draft }, payloadAnswers, { answers, language, page }) {
  const payload = { id: draft.responseId, campaign_id: campaign.id, submitted_at: nowIso(), answers: payloadAnswers };
  const kept = { campaign, campaignId: String(campaign.id), answers, language, page, title: campaign.title };
  if (draft.outboxId) {
    await updateItem(draft.outboxId, (item) => ({
      ...item,
      payload: { ...item.payload, answers: payloadAnswers },
      draft: kept,
      state: "pending",
      errors: null,
      attempts: 0,
      nextAttemptAt: 0,
    }));
  } else {
    await addItem({ ...newItem("response", user.id, payload), draft: kept });
    await deleteDraft(draft.key);
  }
  announce("Réponse enregistrée sur ce téléphone.");
  syncNow();
  go("/enquetes");
}

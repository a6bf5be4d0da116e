// Answering a survey in the app: the campaign, its survey and the draft opened (offline too), the
// draft kept on the phone at every change (so it can be resumed), then the response put in the outbox.
import { useEffect, useState } from "preact/hooks";
import { getJson, sendJson } from "../../shared/api.js";
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

/** My response as the server keeps it (to correct it): network needed. */
async function sentResponse(campaignId, responseId) {
  const mine = await getJson(`/responses?campaign_id=${encodeURIComponent(campaignId)}`).catch(() => {
    throw new Error("Pour corriger une réponse déjà envoyée, il faut du réseau : réessayez plus tard.");
  });
  const found = mine.find((r) => String(r.id) === String(responseId));
  if (!found) throw new Error("Cette réponse n'est plus sur le serveur.");
  return found;
}

/** The campaign, its survey and the draft (a new one, the one kept, an outbox item to correct,
 * or — ``editing`` — my response already sent, to correct while the campaign is open). */
async function openForm(user, campaignId, correcting, editing) {
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
  if (editing) {
    const sent = await sentResponse(campaignId, editing);
    draft = {
      key: null,
      editing: sent.id,
      campaign,
      answers: { ...newScope(survey.children), ...sent.answers },
      page: 0,
      language: survey.defaultLanguage || survey.languages[0] || "",
    };
  } else if (item) {
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

export function SurveyFormScreen({ user, campaignId, correcting, editing, map }) {
  const [opened, setOpened] = useState(null);
  const [problem, setProblem] = useState(null);
  const [refused, setRefused] = useState(null);
  useEffect(() => {
    openForm(user, campaignId, correcting, editing).then(setOpened, (error) => setProblem(error.message));
  }, [campaignId, correcting, editing]);
  if (problem) {
    return html`<${ScreenTitle}>Enquête<//><${Status} kind="warning">${problem}<//>
      <a class="button secondary" href="#/enquetes">Retour aux enquêtes</a>`;
  }
  if (!opened) return html`<${ScreenTitle}>Enquête<//><p>Chargement…</p>`;
  const onSend = opened.draft.editing
    ? (answers) => correctSent(opened.draft.editing, answers).catch((error) => setRefused(error.message))
    : (answers, kept) => send(user, opened, answers, kept);
  return html`
    ${opened.draft.editing && html`<p class="hint" role="note">Vous corrigez votre réponse déjà envoyée : elle sera remplacée.</p>`}
    ${refused && html`<${Status} kind="warning">${refused}<//>`}
    <${Form} ...${opened} map=${map} onDraft=${saveDraft} onSend=${onSend} />`;
}

/** A response already sent, corrected: replaced on the server at once (network needed). */
async function correctSent(responseId, payloadAnswers) {
  await sendJson("PUT", `/responses/${encodeURIComponent(responseId)}`, { answers: payloadAnswers });
  announce("Réponse corrigée et envoyée : merci !");
  go("/enquetes");
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
  announce("Réponse enregistrée sur ce téléphone.", draft.outboxId || draft.responseId);
  syncNow();
  go("/enquetes");
}

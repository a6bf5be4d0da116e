// The surveys a resident can answer, kept for offline use: the open campaigns of their
// territories, each survey's definition, and the drafts (answers not sent yet, resumable).
import { createStore, del, get, set, values } from "idb-keyval";
import { getJson } from "../shared/api.js";
import { cache, cachedFetch } from "../shared/store.js";

const drafts = createStore("veilleurs-drafts", "drafts");
const list = (data) => (Array.isArray(data) ? data : data?.items || data?.campaigns || []);

/** The campaigns open now for my territories (the list read last time when offline). */
export async function loadCampaigns(userId) {
  const campaigns = list(
    await cachedFetch(`campaigns:${userId}`, async () => list(await getJson("/campaigns?active=true"))),
  );
  return campaigns;
}

/** The definition of a survey; ``GET /surveys/{id}`` may answer it alone or inside ``definition``. */
export async function loadSurvey(surveyId) {
  const data = await cachedFetch(`survey:${surveyId}`, () => getJson(`/surveys/${encodeURIComponent(surveyId)}`));
  return data?.children ? data : data?.definition;
}

export const surveyIdOf = (campaign) => campaign.survey_id ?? campaign.survey?.id;

/** Read every open campaign's survey now, so that it can be answered offline later. */
export function keepSurveysForOffline(campaigns) {
  return Promise.all(campaigns.map((c) => loadSurvey(surveyIdOf(c)).catch(() => null)));
}

export const draftKey = (userId, campaignId) => `${userId}:${campaignId}`;
export const getDraft = (userId, campaignId) => get(draftKey(userId, campaignId), drafts);
export const saveDraft = (draft) => set(draft.key, { ...draft, updatedAt: new Date().toISOString() }, drafts);
export const deleteDraft = (key) => del(key, drafts);

export async function listDrafts(userId) {
  return (await values(drafts)).filter((d) => d.userId === userId);
}

/** Forget what this phone kept for a user (their account is gone, or they leave it). */
export async function forgetUser(userId) {
  for (const draft of await listDrafts(userId)) await deleteDraft(draft.key);
  for (const key of [`campaigns:${userId}`, `mine:${userId}`, "me"]) await cache.remove(key);
}

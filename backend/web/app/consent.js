// Consent to the privacy notice in force: asked again when its version changes, as the server
// says on GET /me (consent_required) or by refusing a write (403, errors.json.consent).
import { call } from "../shared/http.js";
import { onApiError, request } from "../shared/api.js";
import { storeTokens } from "../shared/session.js";
import { cachedFetch } from "../shared/store.js";

const listeners = new Set();
let required = false;

export const consentRequired = () => required;

export function onConsentChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function set(value) {
  if (required === value) return;
  required = value;
  listeners.forEach((fn) => fn(required));
}

export const requireConsent = () => set(true);

/** Whether an API error is the server asking for consent to the current notice. */
export const isConsentError = (error) =>
  error?.status === 403 && [].concat(error.fieldErrors?.consent || []).includes("consent_required");

onApiError((error) => isConsentError(error) && requireConsent());

/** Accept the notice in force: the server answers with new tokens, which carry the consent. */
export async function acceptNotice() {
  const response = await request("/me/consent", { method: "POST" });
  storeTokens(await response.json());
  set(false);
}

export function checkConsent(me) {
  set(Boolean(me?.consent_required));
}

/** The privacy notice in force ({version, text in Markdown}), kept for offline reading. */
export function loadPrivacyNotice() {
  return cachedFetch("privacy", async () => (await call("/privacy")).json());
}

// The API's transport: JSON in and out, one error shape ({code, status, message, errors}),
// and the difference between "the server said no" and "there is no network".
export const API = "/api/v1";

const STATUS_MESSAGES = {
  400: "La demande est mal formée.",
  401: "Session expirée : reconnectez-vous.",
  403: "Cette action ne vous est pas permise.",
  404: "Introuvable.",
  409: "Conflit avec une donnée déjà enregistrée.",
  413: "Fichier trop lourd.",
  422: "Certaines informations sont à corriger.",
  429: "Trop de demandes : réessayez dans un instant.",
};

export class ApiError extends Error {
  constructor(status, payload) {
    super(payload?.message || STATUS_MESSAGES[status] || "Le serveur a rencontré un problème : réessayez plus tard.");
    this.status = status;
    this.payload = payload; // the whole error body ({code, status, message, errors})
    this.fieldErrors = payload?.errors?.json || {};
  }
  get retryable() {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export class NetworkError extends Error {
  constructor() {
    super("Pas de connexion au serveur : ce sera réessayé quand le réseau reviendra.");
    this.retryable = true;
  }
}

export class SessionExpired extends ApiError {
  constructor() {
    super(401, { message: "Votre session a expiré : reconnectez-vous." });
    this.retryable = false;
  }
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * fetch() on the API: resolves with an ok Response, rejects with ApiError or NetworkError (or
 * the AbortError of ``signal``, when the caller no longer wants the answer).
 */
export async function call(
  path,
  { method = "GET", json, form, token, accept = "application/json", signal, headers: extra } = {},
) {
  const headers = { Accept: accept, ...extra };
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(API + path, { method, headers, body, cache: "no-store", signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new NetworkError();
  }
  if (!response.ok) throw new ApiError(response.status, await readJson(response));
  return response;
}

const FIELD_LABELS = {
  invite_code: "Code d'invitation",
  pseudonym: "Pseudonyme",
  password: "Mot de passe",
  consent: "Consentement",
  theme: "Thème",
  polarity: "Type",
  text: "Description",
  location: "Lieu",
  coordinates: "Lieu",
  observed_at: "Date",
  accuracy_m: "Précision",
  file: "Photo",
  id: "Identifiant",
  campaign_id: "Enquête",
  campaign: "Enquête",
  submitted_at: "Date de réponse",
  answers: "Réponses",
};

/** {"text": ["…"], "location": {"coordinates": ["…"]}} → ["Description : …", "Lieu : …"] */
export function describeErrors(errors, label = "") {
  if (!errors) return [];
  if (typeof errors === "string") return [label ? `${label} : ${errors}` : errors];
  if (Array.isArray(errors)) return errors.flatMap((e) => describeErrors(e, label));
  return Object.entries(errors).flatMap(([field, value]) => {
    const name = field === "_schema" || /^\d+$/.test(field) ? label : FIELD_LABELS[field] || label || field;
    return describeErrors(value, name);
  });
}

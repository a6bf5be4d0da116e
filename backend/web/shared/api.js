// Authenticated calls to the API: the access token is added, and renewed once on a 401; a
// refusal for want of consent to a new privacy notice makes the app ask for it.
import { call, SessionExpired } from "./http.js";
import { accessToken } from "./session.js";

let consentWanted = () => {};

/** ``fn(error)`` is told of every API error (consent.js asks again on a consent refusal). */
export function onApiError(fn) {
  consentWanted = fn;
}

export async function request(path, options = {}) {
  try {
    try {
      return await call(path, { ...options, token: await accessToken() });
    } catch (error) {
      if (error.status !== 401 || error instanceof SessionExpired) throw error;
      return await call(path, { ...options, token: await accessToken({ force: true }) });
    }
  } catch (error) {
    consentWanted(error);
    throw error;
  }
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

export async function sendJson(method, path, json) {
  const response = await request(path, { method, json });
  return response.status === 204 ? null : response.json();
}

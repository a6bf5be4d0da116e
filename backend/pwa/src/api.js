// Authenticated calls to the API: the access token is added, and renewed once on a 401.
import { call, SessionExpired } from "./http.js";
import { accessToken } from "./session.js";

export async function request(path, options = {}) {
  try {
    return await call(path, { ...options, token: await accessToken() });
  } catch (error) {
    if (error.status !== 401 || error instanceof SessionExpired) throw error;
    return call(path, { ...options, token: await accessToken({ force: true }) });
  }
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

export async function sendJson(method, path, json) {
  const response = await request(path, { method, json });
  return response.status === 204 ? null : response.json();
}
